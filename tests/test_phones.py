"""Voting from phones: the real server on 127.0.0.1, 30 phones (a real headless Chromium for a few,
HTTP clients for the rest), the presenter's tally, and every security rule the server keeps.
Everything here binds and connects to 127.0.0.1 only."""

import importlib.util
import shutil
import subprocess

import httpx
import pygame
import pytest

import game.facilitation as fac
from game.model import load_scenario
from game.server import AddressError, PhoneServer, Room, VoteResult, listen_address
from game.server.address import check_address, pick_local
from game.server.app import MAX_BODY
from game.store import Settings, data_dir
from game.ui.app import App
from game.ui.scenes.menus import BriefingScene, TitleScene
from game.ui.scenes.phones import PHONES_TICK, RoomOptions

from .conftest import SCENARIOS
from .test_facilitate_ui import letter, press, text_of

LOOPBACK = "127.0.0.1"
CHROMIUM, CHROMEDRIVER = shutil.which("chromium"), shutil.which("chromedriver")
if importlib.util.find_spec("selenium") is None:  # the test extras drive the browser with it
    CHROMIUM = None
PHONES = 30
IN_BROWSER = 3


@pytest.fixture(autouse=True)
def no_sessions():
    shutil.rmtree(data_dir() / "sessions", ignore_errors=True)
    yield


# The address

def test_the_server_never_listens_on_a_public_or_every_address():
    assert check_address("127.0.0.1") == "127.0.0.1" and check_address("192.168.1.20") == "192.168.1.20"
    for bad in ("0.0.0.0", "::", "8.8.8.8", "203.0.113.9", "laptop.local", ""):
        with pytest.raises(AddressError):
            check_address(bad)
    assert pick_local(["127.0.0.1", "203.0.113.9", "172.20.1.2", "10.0.0.7", "169.254.3.3"]) == "10.0.0.7"
    assert pick_local(["127.0.0.1", "203.0.113.9", "169.254.3.3", "fe80::1"]) is None
    assert listen_address() == LOOPBACK  # the tests' OUTREACH_PHONES_HOST
    with pytest.raises(AddressError):
        listen_address("0.0.0.0")


# The room, without a network

def test_one_vote_per_phone_per_moment():
    room = Room()
    a, b = room.new_token(), room.new_token()
    assert room.vote(a, "1-1", "A") is VoteResult.CLOSED  # nothing on screen yet
    room.show("1-1", "Moment 1", (("A", "Kneel"), ("B", "Call")))
    assert room.vote(a, "1-1", "A") is VoteResult.OK
    assert room.vote(a, "1-1", "B") is VoteResult.CHANGED
    assert room.vote(b, "1-1", "B") is VoteResult.OK
    assert room.tally() == ("1-1", {"A": 0, "B": 2})
    assert room.vote(b, "1-0", "A") is VoteResult.STALE
    assert room.vote(b, "1-1", "C") is VoteResult.NO_SUCH_OPTION
    assert room.vote("made-up.token", "1-1", "A") is VoteResult.BAD_TOKEN
    assert room.vote(a.split(".")[0] + ".0000", "1-1", "A") is VoteResult.BAD_TOKEN
    room.show("1-2", "Moment 2", (("A", "Stay"),))
    assert room.tally() == ("1-2", {"A": 0})  # a new moment forgets every vote
    assert room.snapshot(a)[1]["voted"] is None


# The real server in a facilitation session

def session_app(monkeypatch, rate=(1000, 10.0)):
    monkeypatch.setattr("game.server.thread.RATE", rate)
    app = App(size=(1920, 1080), settings=Settings(reduced_motion=True), background_loading=False, seed=2,
              facilitating=True)
    app.room = RoomOptions(phones=True, phones_host=LOOPBACK, phones_port=0)
    app.push(TitleScene(app))
    app.push(BriefingScene(app, load_scenario(SCENARIOS / "overdose-in-the-park.yaml")))
    press(app, pygame.K_RETURN)
    return app


def phone(server):
    """A phone as an HTTP client: loads the page (and so gets its cookie)."""
    client = httpx.Client(base_url=f"http://{LOOPBACK}:{server.port}", timeout=5)
    assert client.get(f"/{server.room.code}").status_code == 200
    return client


def vote(client, server, moment, option, code=None):
    return client.post(f"/{code or server.room.code}/vote", json={"moment": moment, "option": option})


def tick(app):
    app.step([pygame.event.Event(PHONES_TICK)])


def chromium_driver(width=390, height=844):
    import os

    # Selenium Manager must neither download a browser or driver nor send usage statistics.
    os.environ.setdefault("SE_OFFLINE", "true")
    os.environ.setdefault("SE_AVOID_STATS", "true")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-default-apps",
                 "--disable-extensions", "--no-default-browser-check", "--disable-domain-reliability",
                 "--no-pings", "--no-proxy-server", f"--window-size={width},{height}",
                 # Whatever a page asks for, no name resolves: the browser reaches 127.0.0.1 and nothing else.
                 f"--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE {LOOPBACK}"):
        options.add_argument(flag)
    return webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))


def browser_votes(driver, server, letters, shots=None):
    """The browser as several phones in turn: a fresh cookie (a new phone) for each letter."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    url = f"http://{LOOPBACK}:{server.port}/{server.room.code}"
    for number, wanted in enumerate(letters):
        driver.delete_all_cookies()
        driver.get(url)
        wait = WebDriverWait(driver, 10, poll_frequency=0.05)
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, f'button[data-letter="{wanted}"]'))
        if shots and number == 0:
            driver.save_screenshot(str(shots / "phone-page.png"))
        driver.find_element(By.CSS_SELECTOR, f'button[data-letter="{wanted}"]').click()
        wait.until(lambda d: d.execute_script(
            f"return document.querySelector('button[data-letter=\"{wanted}\"]').getAttribute('aria-pressed')")
            == "true")
        assert f"Your vote: {wanted}" in driver.find_element(By.ID, "status").text
        if shots and number == 0:
            driver.save_screenshot(str(shots / "phone-page-voted.png"))


def test_thirty_phones_vote_and_the_presenter_sees_them(monkeypatch, tmp_path):
    app = session_app(monkeypatch)
    scene = app.scene
    server = scene.phones.server
    assert server is not None and server.host == LOOPBACK and scene.panel == "phones"
    press(app, pygame.K_v)  # back to the moment
    options = fac.options(scene.session, scene.scenario)
    key = fac.moment_key(scene.session)
    a, b = options[0].letter, options[1].letter
    shots = tmp_path if CHROMIUM and CHROMEDRIVER else None
    if CHROMIUM and CHROMEDRIVER:
        driver = chromium_driver()
        try:
            browser_votes(driver, server, [b] * IN_BROWSER, shots)
        finally:
            driver.quit()
        clients_needed = PHONES - IN_BROWSER
    else:
        clients_needed = PHONES
    phones = [phone(server) for _ in range(clients_needed)]
    try:
        for number, client in enumerate(phones):
            assert vote(client, server, key, a if number % 3 else b).status_code == 200
        tick(app)
        expected_b = (IN_BROWSER if shots else 0) + sum(1 for n in range(clients_needed) if n % 3 == 0)
        visit = scene.session.visit
        assert visit.total_votes == PHONES
        assert visit.phone_votes[visit.options.index(options[1].index)] == expected_b
        # The projector: how many voted, not the split.
        shown = text_of(app)
        assert f"{PHONES} people have voted" in shown and "Vote by phone:" in shown
        assert f"{b}: {expected_b} votes" not in shown
        # The presenter: votes arriving, per option.
        press(app, pygame.K_p)
        press(app, pygame.K_p)  # yes, show the scores on this window
        shown = text_of(app)
        assert f"Votes arriving: {PHONES} from phones, 0 by hand" in shown
        assert f"{b} ({expected_b} votes, {expected_b} by phone)" in shown
        press(app, pygame.K_p)
        # Hand counts add to phone votes.
        press(app, letter(b))
        assert fac.options(scene.session, scene.scenario)[1].votes == expected_b + 1
        # A phone changes its vote.
        assert vote(phones[1], server, key, b).json() == {"result": "changed"}
        tick(app)
        assert fac.options(scene.session, scene.scenario)[1].votes == expected_b + 2
        # Refused: wrong room code, an option that does not exist, a malformed or too large body.
        assert vote(phones[2], server, key, a, code="ZZZZZ").status_code == 404
        assert vote(phones[2], server, key, "Q").status_code == 422
        as_json = {"content-type": "application/json"}
        assert phones[2].post(f"/{server.room.code}/vote", content=b"A", headers=as_json).status_code == 400
        assert phones[2].post(f"/{server.room.code}/vote", content=b"{" + b" " * MAX_BODY + b"}",
                              headers=as_json).status_code == 413
        assert httpx.post(f"http://{LOOPBACK}:{server.port}/{server.room.code}/vote",
                          json={"moment": key, "option": a}).status_code == 403  # no phone cookie
        # Nothing is served but the voting page.
        for path in ("/", "/favicon.ico", "/docs", f"/{server.room.code}/../etc/passwd", f"/{server.room.code}/x"):
            assert phones[2].get(path).status_code == 404, path
        assert phones[2].get(f"/{server.room.code}", headers={"host": "evil.example"}).status_code == 421
        # The room moves on: a vote for the moment before is stale.
        press(app, pygame.K_t)
        press(app, pygame.K_RETURN)  # take the majority
        assert vote(phones[3], server, key, a).json() == {"result": "closed"}  # the reveal: no voting
        press(app, pygame.K_RETURN)
        new_key = fac.moment_key(scene.session)
        assert new_key != key
        response = vote(phones[3], server, key, a)
        assert (response.status_code, response.json()) == (409, {"result": "stale"})
        assert vote(phones[3], server, new_key, "A").status_code == 200
        tick(app)
        assert scene.session.visit.total_votes == 1
        # No personal data: the record keeps counts, not tokens, cookies or addresses.
        saved = next((data_dir() / "sessions").glob("*.json")).read_text()
        assert LOOPBACK not in saved and "outreach_phone" not in saved
        assert not any(c.split(".")[0] in saved for c in (p.cookies.get("outreach_phone") for p in phones[:5]))
        assert '"phones":' in saved
    finally:
        for client in phones:
            client.close()
    # The session ends: the server is gone.
    press(app, pygame.K_ESCAPE)
    press(app, pygame.K_ESCAPE)
    assert app.scene.name != "facilitate" and not server.running
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"http://{LOOPBACK}:{server.port}/{server.room.code}", timeout=2)


def test_event_streams_per_address_are_capped():
    from game.server.app import MAX_STREAMS_PER_ADDRESS

    room = Room()
    room.show("1-1", "Moment 1", (("A", "Kneel"),))
    server = PhoneServer(room, LOOPBACK, 0, rate=(1000, 10.0)).start()
    url = f"http://{LOOPBACK}:{server.port}/{room.code}/events"
    clients = [httpx.Client(timeout=5) for _ in range(MAX_STREAMS_PER_ADDRESS + 1)]
    streams, readers = [], []  # a reader dropped would close its stream
    try:
        for client in clients[:-1]:
            stream = client.stream("GET", url)
            response = stream.__enter__()
            streams.append(stream)
            assert response.status_code == 200
            readers.append(response.iter_lines())
            assert next(readers[-1]).startswith("data: ")  # the stream is running
        assert clients[-1].get(url).status_code == 429
    finally:
        for stream in streams:
            stream.__exit__(None, None, None)
        for client in clients:
            client.close()
        server.stop()
    assert not server.running


def test_the_rate_limit_per_address():
    room = Room()
    server = PhoneServer(room, LOOPBACK, 0).start()  # the real limit: 30 requests in 10 seconds
    try:
        with httpx.Client(base_url=f"http://{LOOPBACK}:{server.port}", timeout=5) as client:
            codes = [client.get(f"/{room.code}").status_code for _ in range(31)]
        assert codes[:30] == [200] * 30 and codes[30] == 429
    finally:
        server.stop()
    assert not server.running


@pytest.mark.skipif(CHROMIUM is None or CHROMEDRIVER is None,
                    reason="needs Debian's chromium and chromium-driver (apt-get install -y chromium chromium-driver) "
                    "and selenium (pip install '.[test]')")
def test_the_phone_page_follows_the_room(monkeypatch):
    """Server-sent events: the page shows the next moment without a reload, and says so at the end."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    app = session_app(monkeypatch)
    scene = app.scene
    server = scene.phones.server
    press(app, pygame.K_v)
    driver = chromium_driver()
    try:
        driver.get(f"http://{LOOPBACK}:{server.port}/{server.room.code.lower()}")
        wait = WebDriverWait(driver, 10, poll_frequency=0.05)
        first = fac.options(scene.session, scene.scenario)
        wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "button")) == len(first))
        assert first[0].text in driver.find_element(By.CSS_SELECTOR, 'button[data-letter="A"]').text
        driver.find_element(By.CSS_SELECTOR, 'button[data-letter="A"]').click()
        wait.until(lambda d: "Your vote: A" in d.find_element(By.ID, "status").text)
        take = fac.options(scene.session, scene.scenario)[0].letter
        press(app, letter(take), pygame.KMOD_CTRL)
        press(app, letter(take), pygame.KMOD_CTRL)
        wait.until(lambda d: "Waiting for the next moment" in d.find_element(By.ID, "title").text)
        press(app, pygame.K_RETURN)
        second = fac.options(scene.session, scene.scenario)
        wait.until(lambda d: "Moment 2" in d.find_element(By.ID, "title").text)
        assert second[0].text in driver.find_element(By.CSS_SELECTOR, 'button[data-letter="A"]').text
        assert "Tap the option you choose" in driver.find_element(By.ID, "status").text
        press(app, pygame.K_ESCAPE)
        press(app, pygame.K_ESCAPE)
        wait.until(lambda d: "Voting has ended" in d.find_element(By.ID, "title").text)
    finally:
        driver.quit()


@pytest.mark.skipif(shutil.which("zbarimg") is None, reason="needs zbar (apt-get install -y zbar-tools)")
def test_the_qr_code_on_the_projector_decodes_to_the_address(monkeypatch, tmp_path):
    app = session_app(monkeypatch)
    scene = app.scene
    assert scene.panel == "phones"
    app.draw()
    picture = tmp_path / "projector-qr.png"
    pygame.image.save(app.surface, str(picture))
    found = subprocess.run(["zbarimg", "--raw", "-q", str(picture)], capture_output=True, text=True, timeout=30)
    assert found.returncode == 0, found.stderr
    url = found.stdout.strip()
    assert url == scene.phones.url == f"http://{LOOPBACK}:{scene.phones.server.port}/{scene.phones.code}"
    assert scene.phones.address in text_of(app) and f"Room code {scene.phones.code}" in text_of(app)
    assert scene.view.strip is None  # the address and the help fit beside the code, nothing to scroll
    assert min(i.size for i in scene.view.page.items if hasattr(i, "size")) >= 40
    with httpx.Client(timeout=5) as client:  # and the address works
        assert client.get(url).status_code == 200
    press(app, pygame.K_ESCAPE)
    press(app, pygame.K_ESCAPE)
    press(app, pygame.K_ESCAPE)
    assert not scene.phones.running


def test_closing_the_window_stops_the_server(monkeypatch):
    app = session_app(monkeypatch)
    server = app.scene.phones.server
    assert server.running
    app.close()  # what the loop does when the window closes (or the game quits)
    assert not server.running
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"http://{LOOPBACK}:{server.port}/{server.room.code}", timeout=2)


def test_a_session_screen_dropped_without_closing_still_stops_its_server(monkeypatch):
    import gc

    app = session_app(monkeypatch)
    server = app.scene.phones.server
    app.reset(TitleScene(app))  # leaves the stack: closed
    assert not server.running
    app = session_app(monkeypatch)
    server = app.scene.phones.server
    app.stack.clear()  # dropped without a word, as a test or an error might
    del app
    gc.collect()
    assert not server.running
