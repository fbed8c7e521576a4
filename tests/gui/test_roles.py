"""The roster says who leads: team inspectors and reviewers cannot edit details or set judgements,
in the window (disabled, with the reason) and in the services."""

from __future__ import annotations

import pytest

from inspector_app.domain.enums import Grade, TeamRole
from inspector_app.gui.settings import Identity
from inspector_app.services import inspections, judgements, moderation
from inspector_app.services.roles import RoleError
from tests.factories import make_inspection


def test_a_team_inspector_sees_why_and_the_services_refuse(qtbot, make_window):
    window = make_window(identity=Identity("Tariq Team", "TT", TeamRole.TEAM))
    window.ctx.ws.user = "Lena Lead"
    info = make_inspection(window.ctx.ws)  # Lena Lead leads; Tariq Team is on the team
    window.ctx.ws.user = "Tariq Team"
    window.open_inspection(info.id)
    assert window.user_label.text() == "Tariq Team (team inspector)"
    window.go("overview")
    button = window.pages["overview"].edit_button
    assert not button.isEnabled() and "Only the lead inspector" in button.toolTip()
    with pytest.raises(RoleError, match="Only the lead inspector \\(Lena Lead\\)"):
        judgements.set_judgement(window.ctx.ws, info.id, "leaders", Grade.GOOD)
    with pytest.raises(RoleError):
        inspections.update_inspection(window.ctx.ws, info.id, dcs_name="Someone")
    window.ctx.ws.user = "Lena Lead"
    judgements.set_judgement(window.ctx.ws, info.id, "leaders", Grade.GOOD)  # the lead may
    moderation.open_moderation(window.ctx.ws, info.id)  # the lead's grades are shown to the team from here
    window.ctx.ws.user = "Tariq Team"
    window.go("judgements")
    page = window.pages["judgements"]
    card = page.card("leaders")
    assert card.grade.isVisible() and not card.grade.isEnabled() and card.grade.currentText() == "Good"
    assert "Only the lead inspector sets judgements" in page.intro.text()


def test_a_team_inspector_does_not_see_the_leads_grades_before_moderation(qtbot, make_window):
    """Proposals are blind, and so is the lead's board: a team inspector's window shows the evidence on the
    board but no grade, rationale, overall or grade history until the lead opens moderation."""
    window = make_window(identity=Identity("Tariq Team", "TT", TeamRole.TEAM))
    window.ctx.ws.user = "Lena Lead"
    info = make_inspection(window.ctx.ws)
    judgements.set_judgement(window.ctx.ws, info.id, "leaders", Grade.GOOD, "Leaders know the service well.")
    window.ctx.ws.user = "Tariq Team"
    window.open_inspection(info.id)
    window.go("judgements")
    page = window.pages["judgements"]
    card = page.card("leaders")
    assert "hidden from team inspectors until the lead opens moderation" in page.intro.text()
    assert not card.grade.isVisible() and not card.rationale.isVisible() and not card.history_button.isVisible()
    assert card.table.isVisible() and page.overall is not None and not page.overall.isVisible()
    assert "Leaders know" not in card.rationale.toPlainText()
    window.go("overview")
    overview = window.pages["overview"]
    qtbot.waitUntil(lambda: overview.judgements.rowCount() > 0)
    grades = {overview.judgements.index(r, 1).data() for r in range(overview.judgements.rowCount())}
    assert grades == {"Hidden until moderation"}


def test_the_lead_on_the_roster_leads_whatever_they_said_about_themselves(qtbot, make_window):
    window = make_window(identity=Identity("Lena Lead", "LL", TeamRole.TEAM))
    info = make_inspection(window.ctx.ws)
    window.open_inspection(info.id)
    assert window.ctx.identity.is_lead and window.user_label.text() == "Lena Lead (lead inspector)"
    window.go("judgements")
    assert window.pages["judgements"].card("leaders").grade.isEnabled()


def test_who_am_i_shows_the_rosters_role_and_what_i_said_apart(qtbot, make_window):
    from tests.gui.conftest import on_dialog

    window = make_window(identity=Identity("Lena Lead", "LL", TeamRole.TEAM))
    info = make_inspection(window.ctx.ws, authority="Westbrook")
    window.open_inspection(info.id)
    seen: dict[str, str] = {}

    def look(dialog) -> None:  # type: ignore[no-untyped-def]
        seen["roster"] = dialog.roster_role.text() if dialog.roster_role.isVisible() else ""
        seen["why"] = dialog.role_reason.text() if dialog.role_reason.isVisible() else ""
        seen["said"] = dialog.ui.roleLabel.text() + " " + dialog.ui.roleCombo.currentText()
        dialog.reject()

    on_dialog(qtbot, look, window.user_action.trigger)
    assert "Westbrook" in seen["roster"] and "lead inspector" in seen["roster"]
    assert "roster" in seen["why"] and "lead" in seen["why"]
    assert "said" in seen["said"].lower() and seen["said"].endswith("Team inspector")
    assert window.user_label.text() == "Lena Lead (lead inspector)"


def test_who_am_i_says_so_when_the_roster_does_not_name_me(qtbot, make_window):
    """The trial: someone the roster does not name was told "the team roster makes you: team inspector",
    then every save was refused because they were not on it."""
    from tests.gui.conftest import on_dialog

    window = make_window(identity=Identity("Nadia Okafor", "NO", TeamRole.TEAM))
    window.ctx.ws.user = "Lena Lead"
    info = make_inspection(window.ctx.ws, authority="Westbrook")
    window.ctx.ws.user = "Nadia Okafor"
    window.open_inspection(info.id)
    seen: list[str] = []

    def look(dialog) -> None:  # type: ignore[no-untyped-def]
        seen.append(dialog.roster_role.text())
        dialog.reject()

    on_dialog(qtbot, look, window.user_action.trigger)
    assert "not on the open inspection's (Westbrook) team roster" in seen[0] and "makes you" not in seen[0]


def test_the_first_run_says_in_words_why_lead_is_not_offered(qtbot):
    from inspector_app.gui.dialogs.identity import IdentityDialog

    dialog = IdentityDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.role_reason.isVisible() and "roster" in dialog.role_reason.text()
    assert not dialog.roster_role.isVisible()
