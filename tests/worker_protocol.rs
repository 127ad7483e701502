//! The page ↔ worker messages (`mdm_link::worker_protocol`): every message round-trips, a real
//! token report survives the trip field for field, and damaged messages are refused without a
//! panic.

mod common;

use common::*;
use mdm_link::domain::ids::UserId;
use mdm_link::domain::time::Timestamp;
use mdm_link::domain::token::issue_token;
use mdm_link::domain::token::open::open_token;
use mdm_link::worker_protocol::{Reply, Request};
use rand_chacha::rand_core::RngCore;
use zeroize::Zeroizing;

const NOW: Timestamp = Timestamp(1_796_083_200_000);

fn reports() -> Vec<mdm_link::domain::token::open::TokenReport> {
    let v = own_vector(2048);
    let token = issue_token(&v.cert_der, "P", UserId(1), NOW, &mut rng(1))
        .unwrap()
        .file_bytes;
    let key = std::fs::read(&v.key_pem_path).unwrap();
    let both = [std::fs::read(&v.cert_pem_path).unwrap(), key.clone()].concat();
    let wrong = std::fs::read(own_vector(3072).key_pem_path).unwrap();
    vec![
        open_token(&token, Some(&key), None, NOW, &mut rng(2)),
        open_token(&token, Some(&both), None, NOW, &mut rng(2)),
        open_token(&token, Some(&wrong), None, NOW, &mut rng(2)),
        open_token(&token, None, None, NOW, &mut rng(2)),
        open_token(b"junk", Some(b"junk"), Some("pw"), NOW, &mut rng(2)),
    ]
}

fn replies() -> Vec<Reply> {
    let mut replies = vec![
        Reply::Ready,
        Reply::Progress(2),
        Reply::Made {
            certificate_der: vec![0x30, 1, 2],
            certificate_pem: "-----BEGIN CERTIFICATE-----".into(),
            private_key_pem: Zeroizing::new("-----BEGIN PRIVATE KEY-----".into()),
        },
        Reply::MakeFailed("No.".into()),
    ];
    replies.extend(reports().into_iter().map(|r| Reply::Opened(Box::new(r))));
    replies
}

#[test]
fn replies_round_trip_with_every_field_of_a_token_report() {
    for reply in replies() {
        let bytes = reply.encode();
        let back = Reply::decode(&bytes).expect("decodes");
        match (&reply, &back) {
            (Reply::Ready, Reply::Ready) => {}
            (Reply::Progress(a), Reply::Progress(b)) => assert_eq!(a, b),
            (
                Reply::Made {
                    certificate_der,
                    certificate_pem,
                    private_key_pem,
                },
                Reply::Made {
                    certificate_der: d,
                    certificate_pem: p,
                    private_key_pem: k,
                },
            ) => {
                assert_eq!((certificate_der, certificate_pem), (d, p));
                assert_eq!(private_key_pem, k);
            }
            (Reply::MakeFailed(a), Reply::MakeFailed(b)) => assert_eq!(a, b),
            (Reply::Opened(a), Reply::Opened(b)) => {
                assert_eq!(a, b);
                assert!(!a.findings.is_empty());
            }
            _ => panic!("the kind changed"),
        }
    }
    let opened = reports().remove(0);
    assert!(
        opened.contents.is_some(),
        "the first report is an opened token"
    );
}

#[test]
fn requests_round_trip() {
    let make = Request::Make {
        bits: 4096,
        common_name: "mdm-link-test — ü".into(),
        validity_days: 30,
        now: NOW,
    };
    let Request::Make {
        bits,
        common_name,
        validity_days,
        now,
    } = Request::decode(&make.encode()).unwrap()
    else {
        panic!("kind")
    };
    assert_eq!(
        (bits, common_name.as_str(), validity_days, now),
        (4096, "mdm-link-test — ü", 30, NOW)
    );
    for (key, password) in [
        (None, None),
        (
            Some(Zeroizing::new(vec![1, 2, 3])),
            Some(Zeroizing::new("pässword".to_owned())),
        ),
    ] {
        let open = Request::Open {
            token: vec![9; 1000],
            key: key.clone(),
            password: password.clone(),
            now: NOW,
        };
        let Request::Open {
            token,
            key: k,
            password: p,
            now,
        } = Request::decode(&open.encode()).unwrap()
        else {
            panic!("kind")
        };
        assert_eq!((token, k, p, now), (vec![9; 1000], key, password, NOW));
    }
}

#[test]
fn damaged_messages_are_refused_without_panicking() {
    let request = Request::Open {
        token: vec![1; 50],
        key: Some(Zeroizing::new(vec![2; 50])),
        password: None,
        now: NOW,
    }
    .encode()
    .to_vec();
    for cut in 0..request.len() {
        assert!(Request::decode(&request[..cut]).is_err(), "cut at {cut}");
    }
    let mut messages: Vec<Vec<u8>> = replies().iter().map(|r| r.encode().to_vec()).collect();
    messages.push(request);
    let mut r = rng(5);
    for (i, message) in messages.iter().enumerate() {
        for cut in 0..message.len() {
            if i + 1 < messages.len() {
                assert!(Reply::decode(&message[..cut]).is_err(), "cut at {cut}");
            }
            let _ = Request::decode(&message[..cut]);
        }
        let mut longer = message.clone();
        longer.push(0);
        assert!(Reply::decode(&longer).is_err() && Request::decode(&longer).is_err());
        for _ in 0..50 {
            let mut mutated = message.clone();
            let at = (r.next_u32() as usize) % mutated.len();
            mutated[at] = r.next_u32() as u8;
            let _ = Reply::decode(&mutated);
            let _ = Request::decode(&mutated);
        }
    }
    for _ in 0..500 {
        let mut bytes = vec![0u8; (r.next_u32() % 300) as usize];
        r.fill_bytes(&mut bytes);
        let _ = Reply::decode(&bytes);
        let _ = Request::decode(&bytes);
    }
}
