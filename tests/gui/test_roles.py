"""The roster says who leads: team inspectors and reviewers cannot edit details or set judgements,
in the window (disabled, with the reason) and in the services."""

from __future__ import annotations

import pytest

from inspector_app.domain.enums import Grade, TeamRole
from inspector_app.gui.settings import Identity
from inspector_app.services import inspections, judgements
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
    window.go("judgements")
    page = window.pages["judgements"]
    assert not page.card("leaders").grade.isEnabled()
    assert "Only the lead inspector sets judgements" in page.intro.text()
    with pytest.raises(RoleError, match="Only the lead inspector \\(Lena Lead\\)"):
        judgements.set_judgement(window.ctx.ws, info.id, "leaders", Grade.GOOD)
    with pytest.raises(RoleError):
        inspections.update_inspection(window.ctx.ws, info.id, dcs_name="Someone")
    window.ctx.ws.user = "Lena Lead"
    judgements.set_judgement(window.ctx.ws, info.id, "leaders", Grade.GOOD)  # the lead may


def test_the_lead_on_the_roster_leads_whatever_they_said_about_themselves(qtbot, make_window):
    window = make_window(identity=Identity("Lena Lead", "LL", TeamRole.TEAM))
    info = make_inspection(window.ctx.ws)
    window.open_inspection(info.id)
    assert window.ctx.identity.is_lead and window.user_label.text() == "Lena Lead (lead inspector)"
    window.go("judgements")
    assert window.pages["judgements"].card("leaders").grade.isEnabled()
