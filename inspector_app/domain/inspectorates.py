"""The inspectorates that inspect together in a joint targeted area inspection."""

from __future__ import annotations

from inspector_app.domain.enums import LabelledEnum


class Inspectorate(LabelledEnum):
    OFSTED = "ofsted", "Ofsted"
    CQC = "cqc", "Care Quality Commission"
    HMICFRS = "hmicfrs", "HM Inspectorate of Constabulary and Fire & Rescue Services"
    HMI_PROBATION = "hmi_probation", "HM Inspectorate of Probation"

    @property
    def short(self) -> str:
        return {"ofsted": "Ofsted", "cqc": "CQC", "hmicfrs": "HMICFRS", "hmi_probation": "HMI Probation"}[self.value]
