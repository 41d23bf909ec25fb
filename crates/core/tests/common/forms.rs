//! A complete, valid registration form, shared by the integration tests and the crash harness.

/// A complete, valid form for a woman born 1990-01-01 (ID_B is male: use it with sex 1).
pub fn full_form(photo_id: i64) -> swreg_core::registration::record::RecordForm {
    use swreg_core::registration::record::{Contact, RecordForm};
    RecordForm {
        name: "阿依古丽·买买提".into(),
        sex: "1".into(),
        id_number: "35020319900101123x".into(),
        birth_date: "1990-01-01".into(),
        ethnicity: "05".into(),
        xiamen_hukou: Some(true),
        native_place: "福建厦门".into(),
        marital: "20".into(),
        political: "13".into(),
        education: "21".into(),
        school: "厦门大学".into(),
        major: "社会工作".into(),
        graduation_date: "2012-07-01".into(),
        work_start_date: "2012-08-01".into(),
        photo_id: Some(photo_id),
        contact: Contact {
            address: "厦门市思明区湖滨南路1号".into(),
            postcode: "361001".into(),
            mobile: "+86 139 5920 0001".into(),
            office_phone: "0592-1234567".into(),
            email: "ayiguli@example.cn".into(),
            qq: "123456".into(),
        },
        full_time: Some(true),
        service_start_date: "2013-01-01".into(),
        position: "1".into(),
        district: "350203".into(),
        employer: "厦门市思明区阳光社会工作服务中心".into(),
        title: "2".into(),
        title_cert_no: "SW2019350200123".into(),
        title_date: "2019-06-30".into(),
        title_scores: [("zh2", "72"), ("sw2", "68.5"), ("fg2", "75")].into_iter().map(|(k, v)| (k.into(), v.into())).collect(),
        fields: vec!["04".into(), "16".into(), "01".into()],
        experience: "2013年起在社区从事长者服务。\n2019年取得社会工作师证书。".into(),
    }
}
