//! The code tables as the migration seeds them, read back from a real database file.

use swreg_core::registration::codes::{self, Code, CodeTables, Kind};

fn tables() -> CodeTables {
    let dir = tempfile::tempdir().unwrap();
    let conn = swreg_core::db::open(&dir.path().join("codes.sqlite3")).unwrap();
    codes::load(&conn).unwrap()
}

fn pairs(list: &[Code]) -> Vec<(&str, &str)> {
    list.iter().map(|c| (c.code.as_str(), c.label.as_str())).collect()
}

/// GB 3304-1991, codes 01 to 56 in this order.
const ETHNIC_GROUPS: &str = "汉族 蒙古族 回族 藏族 维吾尔族 苗族 彝族 壮族 布依族 朝鲜族 \
    满族 侗族 瑶族 白族 土家族 哈尼族 哈萨克族 傣族 黎族 傈僳族 \
    佤族 畲族 高山族 拉祜族 水族 东乡族 纳西族 景颇族 柯尔克孜族 土族 \
    达斡尔族 仫佬族 羌族 布朗族 撒拉族 毛南族 仡佬族 锡伯族 阿昌族 普米族 \
    塔吉克族 怒族 乌孜别克族 俄罗斯族 鄂温克族 德昂族 保安族 裕固族 京族 塔塔尔族 \
    独龙族 鄂伦春族 赫哲族 门巴族 珞巴族 基诺族";

#[test]
fn every_kind_is_seeded() {
    let t = tables();
    for kind in Kind::ALL {
        let n = if kind == Kind::Title {
            t.title.len()
        } else {
            serde_json::to_value(&t).unwrap()[kind.as_str()].as_array().unwrap().len()
        };
        assert!(n > 0, "{kind} is empty");
    }
}

#[test]
fn the_56_ethnic_groups_in_gb_3304_order_then_97_and_98() {
    let t = tables();
    assert_eq!(t.ethnicity.len(), 58);
    let groups: Vec<&str> = ETHNIC_GROUPS.split_whitespace().collect();
    assert_eq!(groups.len(), 56);
    for (i, name) in groups.iter().enumerate() {
        let e = &t.ethnicity[i];
        assert_eq!((e.code.as_str(), e.label.as_str()), (format!("{:02}", i + 1).as_str(), *name));
    }
    assert_eq!(pairs(&t.ethnicity[56..]), [("97", "其他"), ("98", "外国血统中国籍人士")]);
    assert_eq!(codes::label(&t, Kind::Ethnicity, "01"), Some("汉族"));
    assert_eq!(codes::label(&t, Kind::Ethnicity, "56"), Some("基诺族"));
    assert_eq!(codes::label(&t, Kind::Ethnicity, "22"), Some("畲族"));
    assert_eq!(codes::label(&t, Kind::Ethnicity, "1"), None, "codes are two digits");
}

#[test]
fn sex_lists_male_and_female_first() {
    let t = tables();
    assert_eq!(pairs(&t.sex), [("1", "男"), ("2", "女"), ("0", "未知的性别"), ("9", "未说明的性别")]);
}

#[test]
fn political_status_follows_gb_t_4762() {
    let t = tables();
    assert_eq!(
        pairs(&t.political),
        [
            ("01", "中共党员"),
            ("02", "中共预备党员"),
            ("03", "共青团员"),
            ("04", "民革会员"),
            ("05", "民盟盟员"),
            ("06", "民建会员"),
            ("07", "民进会员"),
            ("08", "农工党党员"),
            ("09", "致公党党员"),
            ("10", "九三学社社员"),
            ("11", "台盟盟员"),
            ("12", "无党派民主人士"),
            ("13", "群众"),
        ]
    );
}

#[test]
fn education_uses_the_graduation_codes_of_gb_t_4658() {
    let t = tables();
    assert_eq!(
        pairs(&t.education),
        [
            ("11", "博士研究生"),
            ("14", "硕士研究生"),
            ("21", "大学本科"),
            ("31", "大学专科"),
            ("41", "中等专科"),
            ("61", "高中"),
            ("71", "初中"),
            ("81", "小学"),
            ("90", "其他"),
        ]
    );
}

#[test]
fn marital_status_follows_gb_t_2261_2() {
    let t = tables();
    assert_eq!(
        pairs(&t.marital),
        [("10", "未婚"), ("20", "已婚"), ("30", "丧偶"), ("40", "离婚"), ("90", "未说明的婚姻状况")]
    );
}

#[test]
fn the_six_districts_of_xiamen_in_the_seed_order_then_city_level() {
    let t = tables();
    assert_eq!(
        pairs(&t.district),
        [
            ("350203", "思明区"),
            ("350206", "湖里区"),
            ("350211", "集美区"),
            ("350205", "海沧区"),
            ("350212", "同安区"),
            ("350213", "翔安区"),
            ("350200", "市本级"),
        ]
    );
    assert_eq!(codes::label(&t, Kind::District, "350203"), Some("思明区"));
}

#[test]
fn positions_and_the_17_fields_in_the_seeds_order() {
    let t = tables();
    assert_eq!(pairs(&t.position), [("1", "一线社工"), ("2", "行政人员"), ("9", "其他")]);
    let fields: Vec<&str> =
        "民政 教育 司法 社区 残疾 禁毒 卫生 青少年 计生 信访 劳务工 少数民族 军队 综治 妇女 老年人 其它"
            .split_whitespace()
            .collect();
    assert_eq!(t.field.len(), 17);
    for (i, name) in fields.iter().enumerate() {
        assert_eq!(t.field[i].code, format!("{:02}", i + 1));
        assert_eq!(t.field[i].label, *name);
    }
}

#[test]
fn each_title_has_its_exam_subjects() {
    let t = tables();
    let titles: Vec<_> = t.title.iter().map(|x| (x.code.as_str(), x.label.as_str())).collect();
    assert_eq!(titles, [("1", "助理社会工作师"), ("2", "社会工作师"), ("3", "高级社会工作师")]);
    let subjects = |title: &str| t.subjects(title).iter().map(|s| s.label.as_str()).collect::<Vec<_>>();
    assert_eq!(subjects("1"), ["社会工作综合能力（初级）", "社会工作实务（初级）"]);
    assert_eq!(subjects("2"), ["社会工作综合能力（中级）", "社会工作实务（中级）", "社会工作法规与政策"]);
    assert_eq!(subjects("3"), ["社会工作实务（高级）"]);
    assert!(t.subjects("4").is_empty());
    assert!(t.subjects("").is_empty());

    // Subject codes are unique across titles, so a score can be stored by subject alone.
    let mut all: Vec<_> = t.title.iter().flat_map(|x| x.subjects.iter().map(|s| s.subject.as_str())).collect();
    let n = all.len();
    all.sort_unstable();
    all.dedup();
    assert_eq!(all.len(), n);
    assert_eq!(t.subjects("1")[0].subject, "zh1");
}

#[test]
fn labels_of_a_few_codes() {
    let t = tables();
    assert_eq!(codes::label(&t, Kind::Sex, "2"), Some("女"));
    assert_eq!(codes::label(&t, Kind::Political, "13"), Some("群众"));
    assert_eq!(codes::label(&t, Kind::Education, "21"), Some("大学本科"));
    assert_eq!(codes::label(&t, Kind::Marital, "20"), Some("已婚"));
    assert_eq!(codes::label(&t, Kind::District, "350200"), Some("市本级"));
    assert_eq!(codes::label(&t, Kind::Position, "1"), Some("一线社工"));
    assert_eq!(codes::label(&t, Kind::Title, "2"), Some("社会工作师"));
    assert_eq!(codes::label(&t, Kind::Field, "06"), Some("禁毒"));
}

#[test]
fn has_refuses_unknown_codes() {
    let t = tables();
    assert!(t.has(Kind::Sex, "1"));
    assert!(t.has(Kind::Ethnicity, "98"));
    assert!(t.has(Kind::Title, "3"));
    assert!(t.has(Kind::Field, "17"));
    for (kind, code) in [
        (Kind::Sex, "3"),
        (Kind::Sex, "男"),
        (Kind::Ethnicity, "57"),
        (Kind::Ethnicity, "99"),
        (Kind::Ethnicity, " 01"),
        (Kind::Political, "1"),
        (Kind::Education, "10"),
        (Kind::Education, "20"),
        (Kind::Marital, "21"),
        (Kind::District, "350201"),
        (Kind::District, "350100"),
        (Kind::Position, "3"),
        (Kind::Title, "0"),
        (Kind::Title, "4"),
        (Kind::Field, "18"),
        (Kind::Field, "1"),
        (Kind::Field, ""),
    ] {
        assert!(!t.has(kind, code), "{kind} {code:?} should be unknown");
        assert_eq!(codes::label(&t, kind, code), None);
    }
    // A code of one kind is not a code of another.
    assert!(t.has(Kind::District, "350203"));
    assert!(!t.has(Kind::Field, "350203"));
}

#[test]
fn reopening_keeps_the_tables_as_they_were() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("codes.sqlite3");
    let first = codes::load(&swreg_core::db::open(&path).unwrap()).unwrap();
    let again = codes::load(&swreg_core::db::open(&path).unwrap()).unwrap();
    assert_eq!(first, again);
}
