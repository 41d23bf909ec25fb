-- The code tables of the registration record, kept as data: national standards where one
-- exists, our own codes where none does. Forms list each kind by `sort`; exports carry `code`.
-- These codes go upward in the bureau's exports: never renumber a code once released; add a
-- new one (and a new migration) instead.

CREATE TABLE codes (
    kind  TEXT    NOT NULL,  -- 'sex' | 'ethnicity' | 'political' | 'education' | 'marital' | 'district' | 'position' | 'title' | 'field'
    code  TEXT    NOT NULL,
    label TEXT    NOT NULL,
    sort  INTEGER NOT NULL,
    PRIMARY KEY (kind, code)
) WITHOUT ROWID;

-- The exam subjects of each title level (职称), whose scores the form records.
CREATE TABLE title_subjects (
    title   TEXT    NOT NULL,  -- codes.code of kind 'title'
    subject TEXT    NOT NULL,  -- a short code, e.g. 'zh1'
    label   TEXT    NOT NULL,
    sort    INTEGER NOT NULL,
    PRIMARY KEY (title, subject)
) WITHOUT ROWID;

-- 性别, GB/T 2261.1-2003 (1 男性, 2 女性 shown as 男/女). 0 and 9 keep their standard names
-- and sort last.
INSERT INTO codes (kind, code, label, sort) VALUES
    ('sex', '1', '男', 1),
    ('sex', '2', '女', 2),
    ('sex', '0', '未知的性别', 3),
    ('sex', '9', '未说明的性别', 4);

-- 民族, GB 3304-1991: the 56 ethnic groups in the standard's order, then 97 and 98.
INSERT INTO codes (kind, code, label, sort) VALUES
    ('ethnicity', '01', '汉族', 1),
    ('ethnicity', '02', '蒙古族', 2),
    ('ethnicity', '03', '回族', 3),
    ('ethnicity', '04', '藏族', 4),
    ('ethnicity', '05', '维吾尔族', 5),
    ('ethnicity', '06', '苗族', 6),
    ('ethnicity', '07', '彝族', 7),
    ('ethnicity', '08', '壮族', 8),
    ('ethnicity', '09', '布依族', 9),
    ('ethnicity', '10', '朝鲜族', 10),
    ('ethnicity', '11', '满族', 11),
    ('ethnicity', '12', '侗族', 12),
    ('ethnicity', '13', '瑶族', 13),
    ('ethnicity', '14', '白族', 14),
    ('ethnicity', '15', '土家族', 15),
    ('ethnicity', '16', '哈尼族', 16),
    ('ethnicity', '17', '哈萨克族', 17),
    ('ethnicity', '18', '傣族', 18),
    ('ethnicity', '19', '黎族', 19),
    ('ethnicity', '20', '傈僳族', 20),
    ('ethnicity', '21', '佤族', 21),
    ('ethnicity', '22', '畲族', 22),
    ('ethnicity', '23', '高山族', 23),
    ('ethnicity', '24', '拉祜族', 24),
    ('ethnicity', '25', '水族', 25),
    ('ethnicity', '26', '东乡族', 26),
    ('ethnicity', '27', '纳西族', 27),
    ('ethnicity', '28', '景颇族', 28),
    ('ethnicity', '29', '柯尔克孜族', 29),
    ('ethnicity', '30', '土族', 30),
    ('ethnicity', '31', '达斡尔族', 31),
    ('ethnicity', '32', '仫佬族', 32),
    ('ethnicity', '33', '羌族', 33),
    ('ethnicity', '34', '布朗族', 34),
    ('ethnicity', '35', '撒拉族', 35),
    ('ethnicity', '36', '毛南族', 36),
    ('ethnicity', '37', '仡佬族', 37),
    ('ethnicity', '38', '锡伯族', 38),
    ('ethnicity', '39', '阿昌族', 39),
    ('ethnicity', '40', '普米族', 40),
    ('ethnicity', '41', '塔吉克族', 41),
    ('ethnicity', '42', '怒族', 42),
    ('ethnicity', '43', '乌孜别克族', 43),
    ('ethnicity', '44', '俄罗斯族', 44),
    ('ethnicity', '45', '鄂温克族', 45),
    ('ethnicity', '46', '德昂族', 46),
    ('ethnicity', '47', '保安族', 47),
    ('ethnicity', '48', '裕固族', 48),
    ('ethnicity', '49', '京族', 49),
    ('ethnicity', '50', '塔塔尔族', 50),
    ('ethnicity', '51', '独龙族', 51),
    ('ethnicity', '52', '鄂伦春族', 52),
    ('ethnicity', '53', '赫哲族', 53),
    ('ethnicity', '54', '门巴族', 54),
    ('ethnicity', '55', '珞巴族', 55),
    ('ethnicity', '56', '基诺族', 56),
    ('ethnicity', '97', '其他', 57),
    ('ethnicity', '98', '外国血统中国籍人士', 58);

-- 政治面貌, GB/T 4762-1984, with the standard's short names as labels
-- (01 中国共产党党员, 02 中国共产党预备党员, 03 中国共产主义青年团团员,
-- 04 中国国民党革命委员会会员, 05 中国民主同盟盟员, 06 中国民主建国会会员,
-- 07 中国民主促进会会员, 08 中国农工民主党党员, 09 中国致公党党员, 11 台湾民主自治同盟盟员).
INSERT INTO codes (kind, code, label, sort) VALUES
    ('political', '01', '中共党员', 1),
    ('political', '02', '中共预备党员', 2),
    ('political', '03', '共青团员', 3),
    ('political', '04', '民革会员', 4),
    ('political', '05', '民盟盟员', 5),
    ('political', '06', '民建会员', 6),
    ('political', '07', '民进会员', 7),
    ('political', '08', '农工党党员', 8),
    ('political', '09', '致公党党员', 9),
    ('political', '10', '九三学社社员', 10),
    ('political', '11', '台盟盟员', 11),
    ('political', '12', '无党派民主人士', 12),
    ('political', '13', '群众', 13);

-- 学历, GB/T 4658-2006: the 毕业 code of each level a registry needs
-- (11 博士研究生毕业, 14 硕士研究生毕业, 21 大学本科毕业, 31 大学专科毕业, 41 中等专科毕业,
-- 61 普通高中毕业, 71 初中毕业, 81 小学毕业, 90 其他).
INSERT INTO codes (kind, code, label, sort) VALUES
    ('education', '11', '博士研究生', 1),
    ('education', '14', '硕士研究生', 2),
    ('education', '21', '大学本科', 3),
    ('education', '31', '大学专科', 4),
    ('education', '41', '中等专科', 5),
    ('education', '61', '高中', 6),
    ('education', '71', '初中', 7),
    ('education', '81', '小学', 8),
    ('education', '90', '其他', 9);

-- 婚姻状况, GB/T 2261.2-2003: the top-level codes (20 已婚 without its 21–23 subdivisions).
INSERT INTO codes (kind, code, label, sort) VALUES
    ('marital', '10', '未婚', 1),
    ('marital', '20', '已婚', 2),
    ('marital', '30', '丧偶', 3),
    ('marital', '40', '离婚', 4),
    ('marital', '90', '未说明的婚姻状况', 5);

-- 所在区, GB/T 2260: the districts of 厦门市, in code order; 市本级 (city-level units and
-- organisations registered with the city bureau) takes the code of 厦门市 itself and sorts last.
INSERT INTO codes (kind, code, label, sort) VALUES
    ('district', '350203', '思明区', 1),
    ('district', '350205', '海沧区', 4),
    ('district', '350206', '湖里区', 2),
    ('district', '350211', '集美区', 3),
    ('district', '350212', '同安区', 5),
    ('district', '350213', '翔安区', 6),
    ('district', '350200', '市本级', 7);

-- 职务, our own codes.
INSERT INTO codes (kind, code, label, sort) VALUES
    ('position', '1', '一线社工', 1),
    ('position', '2', '行政人员', 2),
    ('position', '9', '其他', 3);

-- 职称, our own codes (no national code exists); the seed abbreviates them as
-- 助理社工师 / 社工师 / 高级社工师.
INSERT INTO codes (kind, code, label, sort) VALUES
    ('title', '1', '助理社会工作师', 1),
    ('title', '2', '社会工作师', 2),
    ('title', '3', '高级社会工作师', 3);

INSERT INTO title_subjects (title, subject, label, sort) VALUES
    ('1', 'zh1', '社会工作综合能力（初级）', 1),
    ('1', 'sw1', '社会工作实务（初级）', 2),
    ('2', 'zh2', '社会工作综合能力（中级）', 1),
    ('2', 'sw2', '社会工作实务（中级）', 2),
    ('2', 'fg2', '社会工作法规与政策', 3),
    ('3', 'sw3', '社会工作实务（高级）', 1);

-- 执业领域, our own codes 01–17 in the seed's order.
INSERT INTO codes (kind, code, label, sort) VALUES
    ('field', '01', '民政', 1),
    ('field', '02', '教育', 2),
    ('field', '03', '司法', 3),
    ('field', '04', '社区', 4),
    ('field', '05', '残疾', 5),
    ('field', '06', '禁毒', 6),
    ('field', '07', '卫生', 7),
    ('field', '08', '青少年', 8),
    ('field', '09', '计生', 9),
    ('field', '10', '信访', 10),
    ('field', '11', '劳务工', 11),
    ('field', '12', '少数民族', 12),
    ('field', '13', '军队', 13),
    ('field', '14', '综治', 14),
    ('field', '15', '妇女', 15),
    ('field', '16', '老年人', 16),
    ('field', '17', '其它', 17);
