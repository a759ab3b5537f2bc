#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Haven in a real browser: Debian's Chromium driven through ChromeDriver (both installed by
//! `scripts/test`), against the application served on a loopback port. Every scenario saves
//! a screenshot of the page it checks under `target/tmp/browser/`.

mod support;

use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator, key::Key};
use haven_domain::agency::{AgencyInput, AgencyKind};
use haven_domain::assistance::AssistanceKind;
use haven_domain::case::{CaseDetails, CaseKind, HotlineTopic};
use haven_domain::country::CountryCode;
use haven_store::CaseFilter;
use support::fixtures::{d, system};
use support::{PASSWORD, World};

/// ChromeDriver on a free port, stopped when dropped.
struct Driver {
    child: Child,
    url: String,
    _profile: tempfile::TempDir,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn driver() -> Driver {
    let port = free_port();
    let child = Command::new("chromedriver")
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver is not installed: scripts/test installs Debian's chromium-driver");
    let url = format!("http://127.0.0.1:{port}");
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Driver {
        child,
        url,
        _profile: tempfile::tempdir().unwrap(),
    }
}

async fn browser(driver: &Driver) -> Client {
    let profile = tempfile::tempdir().unwrap();
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": "/usr/bin/chromium",
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
                "--window-size=1280,900",
                format!("--user-data-dir={}", profile.keep().display()),
            ],
        }),
    );
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&driver.url)
        .await
        .expect("Chromium starts under ChromeDriver")
}

async fn serve(world: &World) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let app = world.app.clone();
    tokio::spawn(async move {
        axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
            .await
            .unwrap();
    });
    format!("http://{address}")
}

async fn screenshot(client: &Client, name: &str) {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser");
    std::fs::create_dir_all(&dir).unwrap();
    let png = client.screenshot().await.unwrap();
    std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
}

async fn text(client: &Client) -> String {
    client.find(Locator::Css("body")).await.unwrap().text().await.unwrap()
}

/// Click what submits a form or follows a link, and wait until the next page has replaced
/// this one: a wait for an element both pages have would otherwise find it on the old one.
async fn click_and_load(client: &Client, locator: Locator<'_>) {
    let page = client.find(Locator::Css("html")).await.unwrap();
    client.find(locator).await.unwrap().click().await.unwrap();
    for _ in 0..100 {
        // The old page's root is gone (a stale element) once the new page is there.
        if page.tag_name().await.is_err() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    screenshot(client, "click-did-not-load").await;
    panic!("no new page after clicking: {}", text(client).await);
}

/// Sign in from the keyboard alone: type, Tab, type, Enter.
async fn sign_in(client: &Client, base: &str, username: &str, lang: &str) {
    client.goto(&format!("{base}/sign-in?lang={lang}")).await.unwrap();
    let field = client.find(Locator::Id("username")).await.unwrap();
    field.send_keys(username).await.unwrap();
    field.send_keys(&Key::Tab.to_string()).await.unwrap();
    let focused = client.active_element().await.unwrap();
    focused.send_keys(PASSWORD).await.unwrap();
    focused.send_keys(&Key::Enter.to_string()).await.unwrap();
    for _ in 0..100 {
        if client.current_url().await.unwrap().path() != "/sign-in" {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    screenshot(client, &format!("{username}-sign-in-failed")).await;
    panic!("{username} was not signed in: {}", text(client).await);
}

/// Enter the one-time code, enrolling first if the page offers a key.
async fn second_factor(client: &Client) {
    let secret = client
        .find(Locator::Id("totp-secret"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let code = haven_web::code_at(&secret, support::now_unix()).unwrap();
    let field = client.find(Locator::Id("code")).await.unwrap();
    field.send_keys(&code).await.unwrap();
    field.send_keys(&Key::Enter.to_string()).await.unwrap();
    client.wait().for_element(Locator::Id("sign-out")).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn haven_in_chromium() {
    let world = World::new().await;
    let base = serve(&world).await;
    let driver = driver().await;

    // An investigator signs in with a second factor and finds a victim by a spelling nobody
    // recorded (Татьяна, Тацяна and TATSIANA were).
    let client = browser(&driver).await;
    sign_in(&client, &base, "investigator", "en").await;
    assert!(client.current_url().await.unwrap().path().ends_with("/sign-in/code"));
    screenshot(&client, "investigator-enrols-second-factor").await;
    second_factor(&client).await;
    assert!(text(&client).await.contains("Recent cases"));
    client.goto(&format!("{base}/persons")).await.unwrap();
    let search = client.find(Locator::Id("q")).await.unwrap();
    search.send_keys("Tatiana Bugaeva").await.unwrap();
    search.send_keys(&Key::Enter.to_string()).await.unwrap();
    client
        .wait()
        .for_element(Locator::LinkText(&world.person.code.to_string()))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    client.wait().for_element(Locator::Id("names")).await.unwrap();
    let page = text(&client).await;
    assert!(page.contains("Бугаева Татьяна") && page.contains("TH-2023-0001") && page.contains("Interviewed"));
    screenshot(&client, "investigator-person-page").await;
    // She corrects the identity: the edit form opens with what is stored.
    click_and_load(&client, Locator::Id("edit-person")).await;
    let patronymic = client.find(Locator::Id("f-other_patronymic")).await.unwrap();
    patronymic.send_keys("Ивановна").await.unwrap();
    click_and_load(&client, Locator::Id("save-person")).await;
    client.wait().for_element(Locator::Id("names")).await.unwrap();
    assert!(text(&client).await.contains("Бугаева Тацяна Ивановна"));
    // She identifies the possible victim: the case's edit form, status and the decision.
    client.goto(&format!("{base}/cases/{}", world.case.id.0)).await.unwrap();
    click_and_load(&client, Locator::Id("edit-case")).await;
    client
        .wait()
        .for_element(Locator::Id("f-details.status"))
        .await
        .unwrap()
        .select_by_value("ActualVictimOfTrafficking")
        .await
        .unwrap();
    client
        .execute(
            "document.getElementById('f-details.identified_on').value = arguments[0]",
            vec![serde_json::json!("2023-04-10")],
        )
        .await
        .unwrap();
    client
        .find(Locator::Id("f-details.status_decided_by"))
        .await
        .unwrap()
        .select_by_value("Police")
        .await
        .unwrap();
    click_and_load(&client, Locator::Id("save-record")).await;
    client.wait().for_element(Locator::Id("referral-form")).await.unwrap();
    assert!(text(&client).await.contains("ActualVictimOfTrafficking"));
    // ... and refers the case to the NGO's shelter, with her consent.
    client
        .find(Locator::Id("f-to_org"))
        .await
        .unwrap()
        .select_by_value(&world.ngo.0.to_string())
        .await
        .unwrap();
    client
        .find(Locator::Id("f-reason"))
        .await
        .unwrap()
        .select_by_value("AdditionalServicesRequired")
        .await
        .unwrap();
    for section in ["summary", "identity", "details", "assistance"] {
        client
            .find(Locator::Css(&format!("input[name=sections][value={section}]")))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
    }
    client
        .find(Locator::Id("f-consent_basis"))
        .await
        .unwrap()
        .select_by_value("person_consented")
        .await
        .unwrap();
    click_and_load(&client, Locator::Id("send-referral")).await;
    client.wait().for_element(Locator::Id("referral-status")).await.unwrap();
    let referral_path = client.current_url().await.unwrap().path().to_owned();
    assert!(referral_path.starts_with("/referrals/"), "{referral_path}");
    // She reviews a possible duplicate: two registrations of one woman, side by side with the
    // evidence for and against. She merges them; the record merged leads to the one shown;
    // she undoes the merge from there, and the two are two again.
    click_and_load(&client, Locator::LinkText("Possible duplicates")).await;
    click_and_load(&client, Locator::Css("a.open-pair")).await;
    client.wait().for_element(Locator::Id("evidence-table")).await.unwrap();
    let page = text(&client).await;
    assert!(
        page.contains("Іванова Вольга") && page.contains("IVANOVA VOLHA"),
        "{page}"
    );
    assert!(page.contains("Date of birth") && page.contains("the same person") && page.contains("42 %"));
    screenshot(&client, "investigator-reviews-a-pair").await;
    click_and_load(&client, Locator::Id("merge-left")).await;
    let shown = client.current_url().await.unwrap().path().to_owned();
    assert_eq!(shown, format!("/persons/{}", world.pair.left.0));
    let merged_code = world.store.person(&system(), world.pair.right).await.unwrap().code;
    let merged_records = client.wait().for_element(Locator::Id("merged-records")).await.unwrap();
    assert!(merged_records.text().await.unwrap().contains(merged_code.as_str()));
    client
        .goto(&format!("{base}/persons/{}", world.pair.right.0))
        .await
        .unwrap();
    let banner = client.wait().for_element(Locator::Id("merged-into")).await.unwrap();
    let kept = world.store.person(&system(), world.pair.left).await.unwrap();
    assert!(banner.text().await.unwrap().contains(kept.code.as_str()));
    screenshot(&client, "investigator-merged-record-leads-to-the-person").await;
    click_and_load(&client, Locator::Css("button.undo")).await;
    let state = client.wait().for_element(Locator::Id("pair-state")).await.unwrap();
    assert_eq!(state.text().await.unwrap(), "Waiting for review");
    client
        .goto(&format!("{base}/persons/{}", world.pair.right.0))
        .await
        .unwrap();
    client.wait().for_element(Locator::Id("names")).await.unwrap();
    assert!(
        client.find(Locator::Id("merged-into")).await.is_err(),
        "the merge is undone"
    );
    screenshot(&client, "investigator-referred-with-consent").await;
    click_and_load(&client, Locator::Id("sign-out")).await;
    client.wait().for_element(Locator::Id("username")).await.unwrap();
    client.close().await.unwrap();

    // An analyst sees no name anywhere they can go.
    let client = browser(&driver).await;
    sign_in(&client, &base, "analyst", "en").await;
    for path in [
        "/",
        &format!("/persons/{}", world.person.id.0),
        &format!("/cases/{}", world.case.id.0),
    ] {
        client.goto(&format!("{base}{path}")).await.unwrap();
        let source = client.source().await.unwrap();
        for name in ["Бугаева", "TATSIANA", "MP 1234567"] {
            assert!(!source.contains(name), "{path} shows {name} to an analyst");
        }
    }
    screenshot(&client, "analyst-refused-person-page").await;
    // The statistics page: a figure, its chart (SVG drawn by the server) and its downloads.
    client.goto(&format!("{base}/statistics")).await.unwrap();
    client
        .find(Locator::Id("f-indicator"))
        .await
        .unwrap()
        .select_by_value("trafficking.victims.possible")
        .await
        .unwrap();
    let period = client.find(Locator::Id("f-period")).await.unwrap();
    period.clear().await.unwrap();
    period.send_keys("2023").await.unwrap();
    click_and_load(&client, Locator::Id("show-figure")).await;
    client.wait().for_element(Locator::Css("#chart svg")).await.unwrap();
    let value = client
        .find(Locator::Id("figure-value"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(value, "<5", "one possible victim is hidden");
    screenshot(&client, "analyst-statistics-page").await;
    client.close().await.unwrap();

    // The Belarusian interface renders, and the choice sticks.
    let client = browser(&driver).await;
    sign_in(&client, &base, "auditor", "be").await;
    let page = text(&client).await;
    assert!(page.contains("Галоўная") && page.contains("Журнал аўдыту"), "{page}");
    assert!(page.contains('ў') && page.contains('і'));
    client.goto(&format!("{base}/audit/verify")).await.unwrap();
    let verified = client
        .find(Locator::Id("chain-ok"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(verified.contains("не парушаны"), "{verified}");
    screenshot(&client, "auditor-belarusian-chain-verified").await;
    client.close().await.unwrap();

    // A hotline operator logs a call from the keyboard alone and checks an agency meanwhile.
    world
        .store
        .import_agencies(
            &system(),
            &[AgencyInput {
                licence_no: "РА-0042".into(),
                name: "ООО «Работа-Плюс»".into(),
                kind: AgencyKind::RecruitmentAgency,
                country: CountryCode::BELARUS,
                valid_from: d(2021, 1, 1),
                valid_until: None,
            }],
        )
        .await
        .unwrap();
    let client = browser(&driver).await;
    sign_in(&client, &base, "operator", "en").await;
    second_factor(&client).await;
    client.goto(&format!("{base}/hotline")).await.unwrap();
    let started = std::time::Instant::now();
    let mut keystrokes = 0;
    // Typing in a focused select picks the option that starts with what was typed.
    for (typed, then) in [
        ("Planning", Key::Tab),
        ("Phone", Key::Tab),
        ("Work", Key::Tab),
        ("Poland", Key::Tab),
        ("Checked the agency: licensed.", Key::Tab),
        ("", Key::Tab),
    ] {
        let focused = client.active_element().await.unwrap();
        if !typed.is_empty() {
            focused.send_keys(typed).await.unwrap();
        }
        focused.send_keys(&then.to_string()).await.unwrap();
        keystrokes += typed.chars().count() + 1;
    }
    let focused = client.active_element().await.unwrap();
    assert_eq!(focused.attr("id").await.unwrap().as_deref(), Some("save-call"));
    focused.send_keys(&Key::Enter.to_string()).await.unwrap();
    keystrokes += 1;
    client.wait().for_element(Locator::Id("saved")).await.unwrap();
    println!(
        "hotline call logged from the keyboard in {:.1} s ({keystrokes} keystrokes)",
        started.elapsed().as_secs_f64()
    );
    let calls = world
        .store
        .cases(
            &system(),
            &CaseFilter {
                kind: Some(CaseKind::Hotline),
                ..CaseFilter::default()
            },
        )
        .await
        .unwrap();
    let [call] = calls.as_slice() else { panic!("{calls:?}") };
    let CaseDetails::Hotline(details) = &call.details else {
        panic!("{call:?}")
    };
    assert_eq!(details.topic, HotlineTopic::EmploymentAbroad);
    assert_eq!(
        details.destination_country.map(|c| c.as_str().to_owned()).as_deref(),
        Some("POL")
    );
    assert_eq!(details.advice.as_deref(), Some("Checked the agency: licensed."));
    // The look-up answers as the operator types (htmx, under the page's CSP).
    let look_up = client.find(Locator::Id("agency-q")).await.unwrap();
    look_up.send_keys("работа плюс").await.unwrap();
    let found = client.wait().for_element(Locator::Id("agency-found")).await.unwrap();
    let found = found.text().await.unwrap();
    assert!(
        found.contains("ООО «Работа-Плюс»") && found.contains("licensed today"),
        "{found}"
    );
    screenshot(&client, "operator-hotline-call-and-agency-look-up").await;
    client.close().await.unwrap();

    // The NGO's case worker accepts the referral waiting for her and records shelter.
    let client = browser(&driver).await;
    sign_in(&client, &base, "ngo.worker", "en").await;
    second_factor(&client).await;
    click_and_load(&client, Locator::Css(&format!("a[href=\"{referral_path}\"]"))).await;
    click_and_load(&client, Locator::Id("accept")).await;
    let status = client
        .find(Locator::Id("referral-status"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(status, "Accepted");
    click_and_load(&client, Locator::Id("referral-case")).await;
    let kind = client.wait().for_element(Locator::Id("f-kind")).await.unwrap();
    kind.select_by_value("shelter").await.unwrap();
    click_and_load(&client, Locator::Id("record-assistance")).await;
    client.wait().for_element(Locator::Id("case-reference")).await.unwrap();
    // Besides the police unit's psychological help the world starts with.
    let provided: Vec<_> = world
        .store
        .assistance_for_person(&system(), world.person.id)
        .await
        .unwrap()
        .into_iter()
        .filter(|a| a.id != world.assistance.id)
        .collect();
    assert_eq!(provided.len(), 1, "{provided:?}");
    assert_eq!(provided[0].input.kind, AssistanceKind::Shelter);
    assert_eq!(provided[0].input.provider, world.ngo);
    screenshot(&client, "ngo-worker-recorded-shelter").await;
    // She records a training her shelter held (dates left at today) and sees it listed.
    client.goto(&format!("{base}/activities")).await.unwrap();
    click_and_load(&client, Locator::Css("nav.tabs a[href=\"/activities/training\"]")).await;
    click_and_load(&client, Locator::Id("new-training")).await;
    client
        .find(Locator::Id("f-title"))
        .await
        .unwrap()
        .send_keys("Shelter staff: first contact")
        .await
        .unwrap();
    client
        .find(Locator::Id("f-participants-country-0"))
        .await
        .unwrap()
        .select_by_value("LTU")
        .await
        .unwrap();
    client
        .find(Locator::Id("f-participants-count-0"))
        .await
        .unwrap()
        .send_keys("12")
        .await
        .unwrap();
    click_and_load(&client, Locator::Id("save-record")).await;
    let list = client.wait().for_element(Locator::Id("training")).await.unwrap();
    let list = list.text().await.unwrap();
    assert!(
        list.contains("Shelter staff: first contact") && list.contains("Lithuania"),
        "{list}"
    );
    screenshot(&client, "ngo-worker-recorded-training").await;
    client.close().await.unwrap();
}
