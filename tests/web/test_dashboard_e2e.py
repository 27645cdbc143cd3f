"""End-to-end: the dashboard in headless Chromium over the bundled samples (skipped without Chromium)."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from tests.web.conftest import XSS_DOCUMENT, LiveServer

pytestmark = pytest.mark.e2e


def api(server: LiveServer, path: str, **params: Any) -> Any:
    """A JSON answer of the live server."""
    return httpx.get(server.url + path, params=params, timeout=10).json()


def open_dashboard(page: Any, server: LiveServer, query: str = "") -> None:
    page.goto(f"{server.url}/{query}")
    page.wait_for_selector("body[data-ready=true]")


def event_with(server: LiveServer, **wanted: Any) -> dict[str, Any]:
    """The first stored event (full record) whose fields equal ``wanted``."""
    for event in api(server, "/events", limit=500)["events"]:
        if all(event.get(k) == v for k, v in wanted.items()):
            return dict(event)
    raise AssertionError(f"no sample event with {wanted}")


def test_dashboard_e2e_loads_map_timeline_and_list(
    page: Any, live_server: LiveServer, artefacts: Path
) -> None:
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
    open_dashboard(page, live_server)
    total = api(live_server, "/dashboard/events")["total"]
    assert page.locator("#list-count").inner_text() == f"({total})"
    assert page.locator("#event-list li.event-item").count() == min(total, 100)
    assert page.locator("#map .leaflet-overlay-pane canvas").count() >= 1
    assert page.locator("#map .rasid-cluster").count() >= 1
    assert page.locator("#timeline svg path").count() >= 3
    # Map and timeline count incidents (distinct cluster ids), not reports.
    answer = api(live_server, "/dashboard/events")
    rows = [dict(zip(answer["fields"], row, strict=True)) for row in answer["rows"]]
    located = {r["cluster_id"] for r in rows if r["lat"] is not None and r["lon"] is not None}
    dated = {r["cluster_id"] for r in rows if r["start"]}
    assert len({r["cluster_id"] for r in rows}) < total, "the samples tell some incidents twice"
    assert page.locator("#map").get_attribute("data-markers") == str(len(located))
    assert page.locator("#timeline svg").get_attribute("data-entries") == str(len(dated))
    assert page.locator("html").get_attribute("dir") == "ltr"
    # Scripts, styles, data: all from the app itself (only the optional tile probe may leave).
    assert hosts - {urlsplit(live_server.url).netloc} <= {"tile.openstreetmap.org"}
    page.screenshot(path=str(artefacts / "dashboard-map-en.png"))


def test_dashboard_e2e_filters_by_actor_with_roll_up(page: Any, live_server: LiveServer) -> None:
    open_dashboard(page, live_server)
    page.select_option("#f-actor", "IRN_MIL")
    expected = {row[0] for row in api(live_server, "/dashboard/events", actor="IRN_MIL")["rows"]}
    assert expected, "the samples have events of Iranian-backed militias"
    page.wait_for_function(
        f"document.querySelectorAll('#event-list li.event-item').length === {len(expected)}"
    )
    shown = set(
        page.locator("#event-list li.event-item").evaluate_all("els => els.map(e => e.dataset.eventId)")
    )
    assert shown == expected
    assert "actor=IRN_MIL" in page.url
    # The URL keeps the state: opening it again gives the same view.
    page.goto(page.url)
    page.wait_for_selector("body[data-ready=true]")
    assert page.locator("#f-actor").input_value() == "IRN_MIL"
    assert page.locator("#event-list li.event-item").count() == len(expected)


def test_dashboard_e2e_timeline_brush_filters_dates(page: Any, live_server: LiveServer) -> None:
    open_dashboard(page, live_server, "?interval=week")
    box = page.locator("#timeline svg").bounding_box()
    page.mouse.move(box["x"] + 2, box["y"] + 40)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.3, box["y"] + 40)
    page.mouse.up()
    page.wait_for_function("new URL(location.href).searchParams.has('since')")
    since = page.locator("#f-since").input_value()
    until = page.locator("#f-until").input_value()
    assert since and until and since <= until
    dates = page.locator("#event-list li.event-item .event-meta").all_inner_texts()
    assert all(since <= text[:10] <= until or text[:10] < since for text in dates)
    total = api(live_server, "/dashboard/events")["total"]
    assert page.locator("#event-list li.event-item").count() < total


def test_dashboard_e2e_event_page_highlights_evidence(page: Any, live_server: LiveServer) -> None:
    event = next(
        e
        for e in api(live_server, "/events", limit=500, actor="IRN_MIL")["events"]
        if e["document_id"].startswith("sample-ar") and e["location"] and e["time"]["span"]
    )
    open_dashboard(page, live_server, "?actor=IRN_MIL")
    page.locator(f'#event-list a[data-event-id="{event["id"]}"]').click()
    page.wait_for_selector(".evidence mark")
    evidence = page.locator("blockquote.evidence")
    assert evidence.inner_text().strip() == event["evidence"]["sentence"].strip()
    actors = evidence.locator("mark.hl-actor").all_inner_texts()
    sentence_start, sentence_end = event["evidence"]["span"]
    in_sentence = [a["text"] for a in event["actors"] if sentence_start <= a["span"][0] < sentence_end]
    assert in_sentence and all(text in actors for text in in_sentence)
    if sentence_start <= event["location"]["span"][0] < sentence_end:
        assert event["location"]["text"] in evidence.locator("mark.hl-place").all_inner_texts()
    assert evidence.get_attribute("lang") == "ar"
    assert page.evaluate("getComputedStyle(document.querySelector('blockquote.evidence')).direction") == "rtl"
    assert f"event={event['id']}" in page.url
    assert page.locator(f'.document[data-document-id="{event["document_id"]}"]').count() == 1


def test_dashboard_e2e_claims_are_marked(page: Any, live_server: LiveServer) -> None:
    for modality in ("claimed", "alleged"):
        event = event_with(live_server, modality=modality)
        open_dashboard(page, live_server, f"?event={event['id']}")
        banner = page.locator(f".banner.modality-{modality}")
        assert banner.is_visible()
        assert modality.capitalize() in banner.inner_text()


def test_dashboard_e2e_switches_to_arabic(page: Any, live_server: LiveServer, artefacts: Path) -> None:
    open_dashboard(page, live_server)
    page.click("#lang-switch")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.locator("#filters-title").inner_text() == "التصفية"
    assert "lang=ar" in page.url
    event = next(
        e
        for e in api(live_server, "/events", limit=500)["events"]
        if e["document_id"] == "sample-ar-01" and e["actors"]
    )
    page.locator(f'#event-list a[data-event-id="{event["id"]}"]').click()
    page.wait_for_selector(".evidence mark")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.screenshot(path=str(artefacts / "event-page-ar.png"), full_page=True)


def test_dashboard_e2e_hostile_document_renders_as_text(page: Any, live_server: LiveServer) -> None:
    events = api(live_server, "/documents/xss-report")["events"]
    assert events, "the hostile document was coded into an event"
    open_dashboard(page, live_server, f"?event={events[0]['id']}")
    document = page.locator('.document[data-document-id="xss-report"]')
    document.wait_for()
    text = document.locator(".doc-text").inner_text()
    assert "<script>window.__xss = 1</script>" in text and '" onerror="' in text
    assert document.locator("h4").inner_text() == XSS_DOCUMENT["title"]
    assert page.locator("#event-view script, #event-view img").count() == 0
    assert page.evaluate("[window.__xss, window.__xss_title, window.__xss_source]") == [None, None, None]


def test_dashboard_e2e_keyboard_and_phone(browser: Any, live_server: LiveServer, artefacts: Path) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    phone = context.new_page()
    try:
        open_dashboard(phone, live_server)
        overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1
        for control in ("#f-q", "#f-type", "#f-actor", "#f-admin1", "#f-modality", "#f-since", "#f-until"):
            assert phone.locator(f"label[for={control[1:]}]").count() == 1
        phone.focus("#event-list a.event-link")
        phone.keyboard.press("Enter")
        phone.wait_for_selector("#event-view h2")
        assert phone.locator("#dashboard-view").is_hidden()
        phone.keyboard.press("Tab")
        phone.screenshot(path=str(artefacts / "event-page-phone.png"))
        phone.click("button.back")
        phone.wait_for_selector("#dashboard-view:not([hidden])")
    finally:
        context.close()


def test_dashboard_e2e_trends_panel_shows_both_streams(
    page: Any, live_server: LiveServer, artefacts: Path
) -> None:
    open_dashboard(page, live_server)
    assert page.locator("#trends-panel").is_hidden()
    # Keyboard: the arrow key moves from the timeline tab to the trends tab and shows its panel.
    page.focus("#tab-timeline")
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.id") == "tab-trends"
    assert page.locator("#tab-trends").get_attribute("aria-selected") == "true"
    assert page.locator("#timeline-panel").is_hidden() and page.locator("#f-interval").is_hidden()
    page.wait_for_selector("#trends figure.trend svg.trend-svg")
    assert "chart=trends" in page.url
    streams = [
        "ISIS attacks=ISIS:attack,explosive,suicide_attack,shelling",
        "Sweeps and deployments=SYR_REGIME,SYR_GOV,IRN_MIL,RUS_MIL:sweep_operation,deployment",
    ]
    expected = api(live_server, "/analysis/trends", stream=streams)["streams"]
    figures = page.locator("#trends figure.trend")
    assert figures.evaluate_all("els => els.map(e => e.dataset.stream)") == ["isis_attacks", "sweeps"]
    for index, (name, stream) in enumerate(
        zip(("ISIS attacks", "Sweeps and deployments"), expected, strict=True)
    ):
        figure = figures.nth(index)
        assert figure.locator("h3").inner_text() == f"{name} {stream['incidents']} incidents"
        assert (
            figure.locator("path.trend-bars").count() == 1 and figure.locator("path.trend-mean").count() == 1
        )
        assert figure.locator("line.trend-change").count() == len(stream["changes"])
        assert stream["weeks"][0] in figure.locator("svg").get_attribute("aria-label")
    page.screenshot(path=str(artefacts / "dashboard-trends-en.png"))
    # The panel follows the governorate filter, and speaks Arabic.
    homs = api(live_server, "/analysis/trends", stream=streams, admin1="Homs")["streams"]
    page.select_option("#f-admin1", "Homs")
    from playwright.sync_api import expect

    count = page.locator(".trend[data-stream=sweeps] .trend-count")
    expect(count).to_have_text(f"{homs[1]['incidents']} incidents")
    assert "admin1=Homs" in page.url and "chart=trends" in page.url
    page.click("#lang-switch")
    assert figures.nth(0).locator("h3").inner_text().startswith("هجمات داعش")


def test_dashboard_e2e_bilingual_incident_is_one_entry(
    page: Any, live_server: LiveServer, artefacts: Path
) -> None:
    incident = next(
        item
        for item in api(live_server, "/clusters", limit=500)["items"]
        if item["reports"] == 2 and set(item["languages"]) == {"ar", "en"} and item["location"]
    )
    members = {m["event_id"] for m in incident["members"]}
    # Its two reports are one marker and one timeline entry; the list marks both as one incident.
    open_dashboard(page, live_server)
    items = page.locator(f'#event-list li.event-item[data-cluster-id="{incident["cluster_id"]}"]')
    assert set(items.evaluate_all("els => els.map(e => e.dataset.eventId)")) == members
    assert all("2 reports" in text for text in items.all_inner_texts())
    answer = api(live_server, "/dashboard/events")
    rows = [dict(zip(answer["fields"], row, strict=True)) for row in answer["rows"]]
    markers = int(page.locator("#map").get_attribute("data-markers") or 0)
    assert markers == len({r["cluster_id"] for r in rows if r["lat"] is not None})
    # Filtering to the incident's own type, day and governorate leaves it as one marker.
    page.goto(
        f"{live_server.url}/?type={incident['event_type']}&admin1={incident['location']['admin1']}"
        f"&since={incident['time']['start']}&until={incident['time']['end']}"
    )
    page.wait_for_selector("body[data-ready=true]")
    shown = page.locator("#event-list li.event-item").evaluate_all("els => els.map(e => e.dataset.clusterId)")
    assert incident["cluster_id"] in shown
    assert page.locator("#map").get_attribute("data-markers") == str(len(set(shown)))
    # Its page: the merged view and both reports, with the reasons the second joined.
    first = incident["members"][0]["event_id"]
    open_dashboard(page, live_server, f"?event={first}")
    section = page.locator(f'section.incident[data-cluster-id="{incident["cluster_id"]}"]')
    section.wait_for()
    reports = section.locator("li.report")
    assert reports.count() == 2
    assert set(reports.evaluate_all("els => els.map(e => e.dataset.eventId)")) == members
    text = section.inner_text()
    assert "Arabic" in text and "English" in text
    for member in incident["members"]:
        assert member["source"] in text
    assert section.locator(".feature[data-feature=type]").count() >= 1
    assert section.locator("li.report.own").get_attribute("data-event-id") == first
    section.screenshot(path=str(artefacts / "event-page-incident-en.png"))
    page.click("#lang-switch")
    from playwright.sync_api import expect

    expect(page.locator("section.incident h3").first).to_have_text("الحادثة (كل تقاريرها مدمجة)")
    assert "العربية" in page.locator("section.incident").inner_text()
