"""The load bench's users (run by bench/load.py, which writes the file named by
ANPR_LOAD_CONFIG: sessions, tokens, feeds, what to search for).

Each simulated user is one governance officer's browser session (the staff pages) and, for
the API, the investigator's token (a search grant over the area) and a feed's token; the
tasks are weighted roughly as a force's day: pages most, then searches and ingestion."""

import datetime
import itertools
import json
import os
import random

from locust import HttpUser, between, task
from locust.clients import HttpSession

CONFIG = json.loads(open(os.environ["ANPR_LOAD_CONFIG"]).read())  # noqa: SIM115 (read once at import)
_sessions = itertools.cycle(CONFIG["sessions"])
_feeds = itertools.cycle(CONFIG["feeds"])


class ForceUser(HttpUser):
    wait_time = between(0.2, 1.0)

    def on_start(self):
        self.client.cookies.set("sessionid", next(_sessions))
        # The API is called without the browser's session (with it, DRF would authenticate the
        # session and ask for a CSRF token): tokens only, as programs call it.
        self.api_client = HttpSession(self.host, self.environment.events.request, self)
        self.feed = next(_feeds)
        self.api = {"Authorization": f"Token {CONFIG['api_token']}"}
        self.rng = random.Random()

    @task(3)
    def dashboard(self):
        self.client.get("/", name="dashboard")

    @task(2)
    def register(self):
        self.client.get("/sites/", name="register")

    @task(2)
    def register_flagged(self):
        self.client.get("/sites/?flagged=on", name="register, flagged only")

    @task(2)
    def site_page(self):
        self.client.get(f"/sites/{self.rng.choice(CONFIG['sites'])}/", name="site page")

    @task(3)
    def search(self):
        end = datetime.datetime.now(tz=datetime.UTC)
        body = {"vrm": self.rng.choice(CONFIG["vrms"]), "from": (end - datetime.timedelta(days=89)).isoformat(),
                "to": end.isoformat(), "purpose": "serious_organised_crime", "reference": "CRI/12345/25"}
        with self.api_client.post("/api/v1/reads/searches/", json=body, headers=self.api, name="search (API)",
                              catch_response=True) as response:
            if response.status_code != 201:
                response.failure(f"{response.status_code}: {response.text[:200]}")

    @task(3)
    def site_api(self):
        self.api_client.get(f"/api/v1/sites/{self.rng.choice(CONFIG['api_sites'])}/", headers=self.api,
                        name="GET /api/v1/sites/<reference>/")

    @task(2)
    def ingest(self):
        now = datetime.datetime.now(tz=datetime.UTC)
        reads = [{"camera": self.rng.choice(self.feed["cameras"]), "vrm": f"LD{self.rng.randrange(10**6):06d}",
                  "read_at": (now - datetime.timedelta(seconds=self.rng.random() * 60)).isoformat(),
                  "confidence": 0.93} for _ in range(CONFIG["ingest_batch"])]
        with self.api_client.post("/api/v1/reads/ingest/", json={"reads": reads}, name="ingest (API)",
                              headers={"Authorization": f"Bearer {self.feed['token']}"},
                              catch_response=True) as response:
            if response.status_code != 200 or response.json().get("rejected"):
                response.failure(f"{response.status_code}: {response.text[:200]}")
