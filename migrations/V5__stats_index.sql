-- 统计 reads every matching record's status, validity end, district, title, practice fields,
-- sex, education and birth date in one pass over the status-led index. The V4 index lacks the
-- last three, so each entry cost a lookup into the wide row (its JSON `data`); with them the
-- index covers the whole query. The list's status filter uses the same index as before (its
-- leading columns are unchanged).
DROP INDEX workers_roster_status;
CREATE INDEX workers_roster_status ON workers
    (status, valid_until, district, title, full_time, xiamen_hukou, fields_mask, sex, education, birth_date);
