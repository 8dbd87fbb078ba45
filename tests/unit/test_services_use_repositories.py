"""Services reach the database only through the repositories on the unit of work: none uses
`uow.session`, which the in-memory FakeUnitOfWork of the use-case tests does not have."""

import re
from pathlib import Path

SERVICES = Path(__file__).resolve().parents[2] / "awards" / "services"
SESSION = re.compile(r"\buow\.session\b")


def test_no_service_touches_the_session_of_the_unit_of_work() -> None:
    found = [
        f"{path.relative_to(SERVICES.parent.parent)}:{number}: {line.strip()}"
        for path in sorted(SERVICES.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if SESSION.search(line)
    ]
    assert len(list(SERVICES.rglob("*.py"))) > 50  # the walk really reads the services
    assert found == [], "use a repository method on the unit of work instead:\n" + "\n".join(found)
