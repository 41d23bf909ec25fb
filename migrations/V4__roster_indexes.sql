-- 登记名册: what the register's filters, sorts and search need at 100,000 workers and beyond.
-- The rows of `workers` are wide (the JSON `data`), so every list page and its total are read
-- from narrow covering indexes instead: one led by each sort and one led by each filter, each
-- holding every filter column.

-- 执业领域 as a bit mask (code 01 is bit 0) beside the row, kept by triggers on worker_fields, so
-- that the field filter is tested inside the same indexes as the others.
ALTER TABLE workers ADD COLUMN fields_mask INTEGER NOT NULL DEFAULT 0;

UPDATE workers SET fields_mask = (
    SELECT COALESCE(SUM(1 << (CAST(f.field AS INTEGER) - 1)), 0) FROM worker_fields f
    WHERE f.worker_id = workers.id AND f.field GLOB '[0-9][0-9]' AND CAST(f.field AS INTEGER) BETWEEN 1 AND 62
);

-- Each trigger writes only when the bit changes: a row written with its mask already set costs
-- nothing more.
CREATE TRIGGER worker_fields_mask_insert AFTER INSERT ON worker_fields
WHEN new.field GLOB '[0-9][0-9]' AND CAST(new.field AS INTEGER) BETWEEN 1 AND 62
    AND (SELECT fields_mask FROM workers WHERE id = new.worker_id) & (1 << (CAST(new.field AS INTEGER) - 1)) = 0
BEGIN
    UPDATE workers SET fields_mask = fields_mask | (1 << (CAST(new.field AS INTEGER) - 1)) WHERE id = new.worker_id;
END;

CREATE TRIGGER worker_fields_mask_delete AFTER DELETE ON worker_fields
WHEN old.field GLOB '[0-9][0-9]' AND CAST(old.field AS INTEGER) BETWEEN 1 AND 62
    AND (SELECT fields_mask FROM workers WHERE id = old.worker_id) & (1 << (CAST(old.field AS INTEGER) - 1)) <> 0
BEGIN
    UPDATE workers SET fields_mask = fields_mask & ~(1 << (CAST(old.field AS INTEGER) - 1)) WHERE id = old.worker_id;
END;

-- Led by each sort: a page of any filter is read in order, tested entry by entry, and stops
-- after its rows. Registration number and validity sort with the records lacking one last.
CREATE INDEX workers_roster_updated ON workers
    (updated_at, status, valid_until, district, title, full_time, xiamen_hukou, fields_mask);
CREATE INDEX workers_roster_name ON workers
    (name, status, valid_until, district, title, full_time, xiamen_hukou, fields_mask);
CREATE INDEX workers_roster_registration ON workers
    (registration_no IS NULL, registration_no, status, valid_until, district, title, full_time, xiamen_hukou, fields_mask);
CREATE INDEX workers_roster_until ON workers
    (valid_until IS NULL, valid_until, status, district, title, full_time, xiamen_hukou, fields_mask);

-- Led by each filter: the total of a filter, and the pages of a narrow one, read only its range.
CREATE INDEX workers_roster_status ON workers
    (status, valid_until, district, title, full_time, xiamen_hukou, fields_mask);
CREATE INDEX workers_roster_district ON workers
    (district, status, valid_until, title, full_time, xiamen_hukou, fields_mask);
CREATE INDEX workers_roster_title ON workers
    (title, status, valid_until, district, full_time, xiamen_hukou, fields_mask);
CREATE INDEX workers_roster_full_time ON workers
    (full_time, status, valid_until, district, title, xiamen_hukou, fields_mask);
CREATE INDEX workers_roster_hukou ON workers
    (xiamen_hukou, status, valid_until, district, title, full_time, fields_mask);

-- The V3 indexes these replace (each is a prefix of one above).
DROP INDEX workers_status_until;
DROP INDEX workers_name;
DROP INDEX workers_district;
DROP INDEX workers_title;
DROP INDEX workers_updated;

-- Search: a trigram index of the five searched columns finds any substring of three characters
-- or more (names, ID numbers, phones, employers, registration numbers). Contentless: it holds
-- the index only; the triggers keep it in step with the table.
CREATE VIRTUAL TABLE worker_search USING fts5 (
    name, id_number, mobile, employer, registration_no,
    tokenize = 'trigram', content = '', contentless_delete = 1
);

INSERT INTO worker_search (rowid, name, id_number, mobile, employer, registration_no)
    SELECT id, name, id_number, mobile, employer, registration_no FROM workers;

CREATE TRIGGER workers_search_insert AFTER INSERT ON workers
BEGIN
    INSERT INTO worker_search (rowid, name, id_number, mobile, employer, registration_no)
        VALUES (new.id, new.name, new.id_number, new.mobile, new.employer, new.registration_no);
END;

CREATE TRIGGER workers_search_update AFTER UPDATE OF name, id_number, mobile, employer, registration_no ON workers
BEGIN
    DELETE FROM worker_search WHERE rowid = old.id;
    INSERT INTO worker_search (rowid, name, id_number, mobile, employer, registration_no)
        VALUES (new.id, new.name, new.id_number, new.mobile, new.employer, new.registration_no);
END;

CREATE TRIGGER workers_search_delete AFTER DELETE ON workers
BEGIN
    DELETE FROM worker_search WHERE rowid = old.id;
END;
