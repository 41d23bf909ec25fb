//! The part of a stored record the export writes, read from its JSON in place.
//!
//! Decoding every record into a [`RecordForm`] made some thirty owned strings a row (and its
//! experience and exam scores, which the export leaves out) only to copy them into cells again;
//! at 100,000 rows that was most of a CSV export's time. [`Form`] borrows each value from the
//! JSON text (a value with an escape in it is the one owned copy) and skips the keys it does not
//! name without keeping them.

use serde::de::{Deserializer, Visitor};
use serde::Deserialize;
use std::borrow::Cow;
use std::fmt;

/// A text value of the stored JSON: borrowed from it unless it had to be unescaped.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(super) struct Str<'a>(Cow<'a, str>);

impl<'a> Str<'a> {
    pub(super) fn as_str(&self) -> &str {
        &self.0
    }

    /// The value for a cell that lives as long as the JSON: the text itself when borrowed, a
    /// borrow of the unescaped copy otherwise (never a new copy).
    pub(super) fn cow(&'a self) -> Cow<'a, str> {
        Cow::Borrowed(self.0.as_ref())
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Str<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Text;
        impl<'de> Visitor<'de> for Text {
            type Value = Str<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Str<'de>, E> {
                Ok(Str(Cow::Borrowed(v)))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Str<'de>, E> {
                Ok(Str(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Str<'de>, E> {
                Ok(Str(Cow::Owned(v)))
            }
        }
        d.deserialize_str(Text)
    }
}

/// 通讯信息, as [`crate::registration::record::Contact`].
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(super) struct Contact<'a> {
    #[serde(borrow)]
    pub(super) address: Str<'a>,
    #[serde(borrow)]
    pub(super) postcode: Str<'a>,
    #[serde(borrow)]
    pub(super) mobile: Str<'a>,
    #[serde(borrow)]
    pub(super) office_phone: Str<'a>,
    #[serde(borrow)]
    pub(super) email: Str<'a>,
    #[serde(borrow)]
    pub(super) qq: Str<'a>,
}

/// The exported fields of [`RecordForm`](crate::registration::record::RecordForm), under the
/// same keys with the same defaults; the photo, the exam scores and the experience are skipped.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(super) struct Form<'a> {
    #[serde(borrow)]
    pub(super) name: Str<'a>,
    #[serde(borrow)]
    pub(super) sex: Str<'a>,
    #[serde(borrow)]
    pub(super) id_number: Str<'a>,
    #[serde(borrow)]
    pub(super) birth_date: Str<'a>,
    #[serde(borrow)]
    pub(super) ethnicity: Str<'a>,
    pub(super) xiamen_hukou: Option<bool>,
    #[serde(borrow)]
    pub(super) native_place: Str<'a>,
    #[serde(borrow)]
    pub(super) marital: Str<'a>,
    #[serde(borrow)]
    pub(super) political: Str<'a>,
    #[serde(borrow)]
    pub(super) education: Str<'a>,
    #[serde(borrow)]
    pub(super) school: Str<'a>,
    #[serde(borrow)]
    pub(super) major: Str<'a>,
    #[serde(borrow)]
    pub(super) graduation_date: Str<'a>,
    #[serde(borrow)]
    pub(super) work_start_date: Str<'a>,
    #[serde(borrow)]
    pub(super) contact: Contact<'a>,
    pub(super) full_time: Option<bool>,
    #[serde(borrow)]
    pub(super) service_start_date: Str<'a>,
    #[serde(borrow)]
    pub(super) position: Str<'a>,
    #[serde(borrow)]
    pub(super) district: Str<'a>,
    #[serde(borrow)]
    pub(super) employer: Str<'a>,
    #[serde(borrow)]
    pub(super) title: Str<'a>,
    #[serde(borrow)]
    pub(super) title_cert_no: Str<'a>,
    #[serde(borrow)]
    pub(super) title_date: Str<'a>,
    #[serde(borrow)]
    pub(super) fields: Vec<Str<'a>>,
}

impl<'a> Form<'a> {
    /// A record's stored JSON; `whose` names it in the error.
    pub(super) fn read(json: &'a str, whose: impl FnOnce() -> String) -> Result<Form<'a>, crate::stored::Unreadable> {
        serde_json::from_str(json).map_err(|_: serde_json::Error| crate::stored::Unreadable::form(&whose()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registration::record::{Contact as FullContact, RecordForm};

    #[test]
    fn the_view_reads_what_the_record_holds_borrowing_unless_escaped() {
        let full = RecordForm {
            name: "欧阳·娜娜".into(),
            sex: "2".into(),
            id_number: "35020319900101123X".into(),
            birth_date: "1990-01-01".into(),
            ethnicity: "01".into(),
            xiamen_hukou: Some(false),
            native_place: "福建厦门".into(),
            marital: "20".into(),
            political: "13".into(),
            education: "21".into(),
            school: "厦门大学".into(),
            major: "社会工作".into(),
            graduation_date: "2012-07-01".into(),
            work_start_date: "2012-08-01".into(),
            photo_id: Some(7),
            contact: FullContact {
                address: "思明区\"阳光\"路1号\\2室\n后门".into(),
                postcode: "361001".into(),
                mobile: "13805920001".into(),
                office_phone: "0592-5551234".into(),
                email: "a@b.cn".into(),
                qq: "12345".into(),
            },
            full_time: Some(true),
            service_start_date: "2013-01-01".into(),
            position: "3".into(),
            district: "350203".into(),
            employer: "阳光社会工作服务中心".into(),
            title: "2".into(),
            title_cert_no: "T123".into(),
            title_date: "2015-06-01".into(),
            title_scores: [("a".to_owned(), "60".to_owned())].into(),
            fields: vec!["04".into(), "16".into()],
            experience: "很长的经历".repeat(100),
        };
        let json = serde_json::to_string(&full).unwrap();
        let f = Form::read(&json, || "x".into()).unwrap();
        let c = &f.contact;
        let read = [
            &f.name, &f.sex, &f.id_number, &f.birth_date, &f.ethnicity, &f.native_place, &f.marital, &f.political,
            &f.education, &f.school, &f.major, &f.graduation_date, &f.work_start_date, &c.address, &c.postcode,
            &c.mobile, &c.office_phone, &c.email, &c.qq, &f.service_start_date, &f.position, &f.district, &f.employer,
            &f.title, &f.title_cert_no, &f.title_date,
        ];
        let fc = &full.contact;
        let want = [
            &full.name, &full.sex, &full.id_number, &full.birth_date, &full.ethnicity, &full.native_place,
            &full.marital, &full.political, &full.education, &full.school, &full.major, &full.graduation_date,
            &full.work_start_date, &fc.address, &fc.postcode, &fc.mobile, &fc.office_phone, &fc.email, &fc.qq,
            &full.service_start_date, &full.position, &full.district, &full.employer, &full.title,
            &full.title_cert_no, &full.title_date,
        ];
        for (r, w) in read.iter().zip(want) {
            assert_eq!(r.as_str(), w);
        }
        assert_eq!((f.xiamen_hukou, f.full_time), (full.xiamen_hukou, full.full_time));
        assert_eq!(f.fields.iter().map(Str::as_str).collect::<Vec<_>>(), ["04", "16"]);
        assert!(matches!(f.name.0, Cow::Borrowed(_)), "no copy of a plain value");
        assert!(matches!(c.address.0, Cow::Owned(_)), "an escaped value is unescaped");

        // Missing keys take the record's defaults; what the record refuses, the view refuses.
        let empty = Form::read("{}", || "x".into()).unwrap();
        assert_eq!((empty.name.as_str(), empty.full_time, empty.fields.len()), ("", None, 0));
        for bad in [r#"{"name": 1}"#, r#"{"name": null}"#, r#"{"fullTime": "是"}"#, "[", r#"{"fields": "04"}"#] {
            assert!(Form::read(bad, || "x".into()).is_err(), "{bad}");
            assert!(serde_json::from_str::<RecordForm>(bad).is_err(), "{bad}");
        }
    }
}
