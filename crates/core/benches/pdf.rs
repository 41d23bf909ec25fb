//! Time and size of one 《社会工作者登记申请表》, and per form in a batch.
//!
//! `cargo bench -p swreg-core --bench pdf` (release build). Targets: under 50 ms and under
//! 150 KB per form with a photo.

use std::io::Cursor;
use std::time::{Duration, Instant};

use swreg_core::registration::pdf::{render, render_many, FormData, TitleData};

const FIELDS: [&str; 17] = [
    "民政", "教育", "司法", "社区", "残疾", "禁毒", "卫生", "青少年", "计生", "信访", "劳务工", "少数民族", "军队", "综治", "妇女",
    "老年人", "其它",
];

/// A 295×413 JPEG with fine detail everywhere: larger than a real ID photo (a worst case).
fn photo() -> Vec<u8> {
    let img = image::RgbImage::from_fn(295, 413, |x, y| {
        let n = (x * 7 + y * 13) % 23;
        image::Rgb([(x % 256) as u8, (y % 256) as u8, (n * 11) as u8])
    });
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(img).write_to(&mut Cursor::new(&mut out), image::ImageFormat::Jpeg).unwrap();
    out
}

fn form(n: usize) -> FormData {
    FormData {
        registration_no: Some(format!("厦社登2026{n:05}")),
        print_date: chrono::NaiveDate::from_ymd_opt(2026, 3, 5).unwrap(),
        name: ["王晓明", "陈思远", "林雅琴", "黄志强"][n % 4].into(),
        sex: "女".into(),
        id_number: "350203199003071246".into(),
        birth_date: "1990-03-07".into(),
        ethnicity: "汉族".into(),
        xiamen_hukou: Some(true),
        native_place: "福建省厦门市".into(),
        marital: "已婚".into(),
        political: "中国共产党党员".into(),
        education: "大学本科".into(),
        school: "厦门大学".into(),
        major: "社会工作".into(),
        graduation_date: "2012-07-01".into(),
        work_start_date: "2012-08-01".into(),
        photo_jpeg: Some(photo()),
        address: "厦门市思明区湖滨南路123号阳光花园18号楼808室".into(),
        postcode: "361004".into(),
        mobile: "13812345678".into(),
        office_phone: "0592-5551234".into(),
        email: "wangxm@example.com".into(),
        qq: "12345678".into(),
        full_time: Some(true),
        service_start_date: "2012-09-01".into(),
        position: "一线社工".into(),
        district: "思明区".into(),
        employer: "厦门市思明区阳光社会工作服务中心".into(),
        title: Some(TitleData {
            label: "社工师".into(),
            cert_no: "2019350200123".into(),
            date: "2019-12-15".into(),
            scores: vec![("社会工作综合能力".into(), "82".into()), ("社会工作实务".into(), "76".into())],
        }),
        fields: FIELDS.iter().enumerate().map(|(i, f)| (f.to_string(), i % 4 == 0)).collect(),
        experience: "2012年起在思明区从事社区社会工作，负责困境儿童个案管理和长者服务，累计建立个案档案一百二十余份。\n\
                     2015年起主持“阳光成长”青少年支持项目三年，服务青少年六百余人次，项目获评市级优秀社会工作服务项目。\n\
                     2018年起负责机构督导与培训工作，为新入职社工和社区志愿者开展专业培训四十余场。"
            .into(),
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The longest texts the record allows: 2000 characters of experience, 100-character address
/// and employer.
fn longest(n: usize) -> FormData {
    let mut f = form(n);
    f.address = "福建省厦门市思明区湖滨南路一百二十三号阳光花园小区十八号楼二单元一千八百零八室".repeat(3).chars().take(100).collect();
    f.employer = "厦门市思明区阳光社会工作服务中心暨青少年成长支持与社区治理创新研究院".repeat(3).chars().take(100).collect();
    f.experience = f.experience.repeat(10).chars().take(2000).collect();
    f
}

fn measure(what: &str, f: &FormData) {
    let runs = 40;
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(render(f).unwrap());
            start.elapsed()
        })
        .collect();
    times.sort();
    let mean = times.iter().sum::<Duration>() / runs as u32;
    let r = render(f).unwrap();
    println!(
        "{what}: median {:.1} ms, mean {:.1} ms, min {:.1} ms, max {:.1} ms over {runs} runs; \
         {:.1} KB, {} page(s)",
        ms(times[runs / 2]),
        ms(mean),
        ms(times[0]),
        ms(times[runs - 1]),
        r.pdf.len() as f64 / 1024.0,
        r.pages
    );
}

fn main() {
    let one = form(0);
    let photo_kb = one.photo_jpeg.as_ref().unwrap().len() as f64 / 1024.0;
    println!("photo: {photo_kb:.1} KB JPEG (295×413)");

    let start = Instant::now();
    render(&one).unwrap();
    println!("first form (parses the font once): {:.1} ms", ms(start.elapsed()));

    measure("typical form with photo", &one);
    measure("longest texts with photo", &longest(0));
    let mut no_photo = one.clone();
    no_photo.photo_jpeg = None;
    measure("typical form without photo", &no_photo);

    // A name character the shipped font lacks: the first form loads a fallback font from the
    // system (HanaMinB from fonts-hanazono, when installed).
    let mut rare = one.clone();
    rare.name = "李\u{20001}华".into();
    let start = Instant::now();
    let r = render(&rare).unwrap();
    println!("first form needing a fallback font: {:.1} ms; warnings: {:?}", ms(start.elapsed()), r.warnings);
    measure("form with a fallback-font character", &rare);

    let forms: Vec<FormData> = (0..100).map(form).collect();
    let start = Instant::now();
    let batch = render_many(&forms, &mut |_, _| true).unwrap();
    let elapsed = start.elapsed();
    println!(
        "batch of {} typical forms: {:.0} ms ({:.1} ms per form), {:.1} KB ({:.1} KB per form), {} pages",
        forms.len(),
        ms(elapsed),
        ms(elapsed) / forms.len() as f64,
        batch.pdf.len() as f64 / 1024.0,
        batch.pdf.len() as f64 / 1024.0 / forms.len() as f64,
        batch.pages
    );
}
