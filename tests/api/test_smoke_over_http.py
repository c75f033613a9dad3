"""A social worker opens a folder, records a visit and sees it in the client view at once."""

from __future__ import annotations

from tests.support.builders import interview_body, open_folder_body, visit_body


def test_a_worker_sees_a_visit_in_the_client_view_right_after_recording_it(api):
    with api.client("worker") as http:
        body = open_folder_body()
        opened = http.post("/api/folders", json=body)
        assert opened.status_code == 201, opened.text
        folder = opened.json()["folder_id"]
        version = opened.json()["version"]
        visit = http.post(f"/api/folders/{folder}/visits", json=visit_body(version))
        assert visit.status_code == 201, visit.text
        view = http.get(f"/api/folders/{folder}", params={"after": visit.json()["position"]})
        assert view.status_code == 200, view.text
        kinds = [entry["kind"] for entry in view.json()["timeline"]]
        assert kinds == ["visit", "folder_opened"]
        assert view.json()["version"] == visit.json()["version"]
        interview_id = body["head"]["member_id"]  # any fresh UUID will do
        conducted = http.post(
            f"/api/folders/{folder}/interviews/{interview_id}/conducted",
            json=interview_body(view.json()["version"]),
        )
        assert conducted.status_code == 201, conducted.text
        view = http.get(f"/api/folders/{folder}", params={"after": conducted.json()["position"]})
        assert view.json()["interviews"][0]["sections"]["J"].startswith("Usługi")
