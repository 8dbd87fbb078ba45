import types
from pathlib import Path

import pytest

import notifications
from notifications import SAMPLES, TEMPLATES, RenderError, render
from notifications.render import tone_groups
from notifications.samples import sample

TEMPLATE_DIR = Path(notifications.__file__).parent / "templates"


@pytest.mark.parametrize("template", TEMPLATES)
def test_every_template_renders_with_its_sample(template: str) -> None:
    rendered = render(template, SAMPLES[template])
    assert rendered.subject and "\n" not in rendered.subject
    assert rendered.subject == " ".join(rendered.subject.split())
    assert "Kính gửi" in rendered.text and "Kính gửi" in rendered.html
    assert rendered.html.lstrip().startswith("<!DOCTYPE html>")


def test_every_template_file_set_is_complete_and_sampled() -> None:
    names = {p.name.split(".")[0] for p in TEMPLATE_DIR.glob("*.j2") if not p.name.startswith("_")}
    assert names == set(TEMPLATES) == set(SAMPLES)
    for name in TEMPLATES:
        for part in ("subject", "txt", "html"):
            assert (TEMPLATE_DIR / f"{name}.{part}.j2").is_file()


@pytest.mark.parametrize("template", TEMPLATES)
def test_a_missing_variable_is_an_error_not_a_blank(template: str) -> None:
    context = sample(template)
    del context["recipient_name"]
    with pytest.raises(RenderError, match="recipient_name"):
        render(template, context)


def test_html_escapes_the_nominee_name_but_text_keeps_it() -> None:
    context = sample("dossier_returned")
    context["nominee_name"] = "<script>alert('x')</script> Lò Văn Hùng"
    rendered = render("dossier_returned", context)
    assert "<script>" not in rendered.html
    assert "&lt;script&gt;" in rendered.html
    assert "<script>alert('x')</script>" in rendered.text  # plain text is never escaped


def test_subject_is_one_line_and_refuses_line_breaks_from_the_context() -> None:
    context = sample("dossier_received")
    context["nominee_name"] = "Nguyễn   Thị\tHằng"
    assert render("dossier_received", context).subject.endswith(": Nguyễn Thị Hằng")
    context["nominee_name"] = "Hằng\r\nBcc: attacker@example.com"
    with pytest.raises(RenderError, match="one line"):
        render("dossier_received", context)


def test_unknown_template_names_the_known_ones() -> None:
    with pytest.raises(RenderError, match="dossier_returned"):
        render("dossier_lost", {})


def test_text_body_is_vietnamese_with_diacritics_and_formatted_dates() -> None:
    text = render("dossier_decided", SAMPLES["dossier_decided"]).text
    assert "Quyết định số 1234/QĐ-TLĐ ngày 08 tháng 01 năm 2025" in text


def _items(*days_left: int) -> list[dict[str, int]]:
    return [{"working_days_left": n} for n in days_left]


def test_digest_groups_by_tone_with_thresholds_from_the_context() -> None:
    items = _items(12, 5, 3, 2, 1, 0, -4)
    groups = tone_groups(items, {"urgent": 2, "soon": 5})
    assert [(tone, [i["working_days_left"] for i in group]) for tone, group in groups] == [
        ("overdue", [-4]),
        ("today", [0]),
        ("urgent", [2, 1]),
        ("soon", [5, 3]),
        ("later", [12]),
    ]
    # Other thresholds move the boundaries; nothing is hard-coded in the template.
    wider = tone_groups(items, {"urgent": 3, "soon": 10})
    assert [tone for tone, _ in wider] == ["overdue", "today", "urgent", "soon", "later"]
    assert [i["working_days_left"] for i in dict(wider)["urgent"]] == [3, 2, 1]


def test_digest_text_rises_in_tone() -> None:
    text = render("reminder_digest", SAMPLES["reminder_digest"]).text
    order = ["ĐÃ QUÁ HẠN", "HẾT HẠN HÔM NAY", "GẤP", "SẮP ĐẾN HẠN", "CÒN TRÊN 5"]
    positions = [text.index(heading) for heading in order]
    assert positions == sorted(positions)
    assert "còn 2 ngày làm việc" in text and "quá hạn 3 ngày làm việc" in text


def test_digest_thresholds_must_be_ordered() -> None:
    context = sample("reminder_digest")
    context["tone_thresholds"] = {"urgent": 6, "soon": 5}
    with pytest.raises(RenderError, match="tone_thresholds"):
        render("reminder_digest", context)


def test_public_api_is_exactly_all() -> None:
    public = {
        name
        for name, value in vars(notifications).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    }
    assert public == set(notifications.__all__)
