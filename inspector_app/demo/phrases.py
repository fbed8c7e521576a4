"""Phrase banks for synthetic evidence. Every name, place and case here is invented."""

WORKERS = [
    "the social worker", "the team manager", "the personal adviser", "the independent reviewing officer",
    "the family support worker", "the practice supervisor", "the child protection chair",
    "the early help practitioner", "the service manager",
]
PARTNERS = [
    "the police", "the health visitor", "the school's designated safeguarding lead", "the GP",
    "children's mental health services", "the youth justice service", "the virtual school",
    "the housing team", "the midwife",
]
RECORDS = [
    "the assessment", "the child protection plan", "the care plan", "the pathway plan",
    "the strategy discussion record", "the supervision record", "the review minutes",
    "the chronology", "the child in need plan",
]
OPENERS = [
    "In this case,", "On the case file,", "Inspectors saw that", "The record shows that",
    "In discussion, it was clear that", "From the sample,", "During the visit,", "",
]

STRENGTH = {
    "help_protection": [
        "{worker} had visited regularly and saw the child alone, recording their wishes in their own words.",
        "the strategy discussion was held the same day with {partner} and led to a clear, proportionate plan.",
        "{record} considered family history and previous referrals, and the analysis of risk was sharp.",
        "thresholds were applied consistently at the front door and the decision was made within a day.",
        "the child's lived experience was vivid in {record}, and the plan said what must change by when.",
        "when risks of exploitation emerged, {worker} acted quickly and worked closely with {partner}.",
        "a return home interview was completed within 72 hours and its information was used in planning.",
        "the core group met as planned and {partner} contributed to reviewing progress.",
    ],
    "children_in_care": [
        "the decision to come into care was timely and well evidenced, with the family network explored first.",
        "{worker} knows the child well; their views on family time are recorded and acted on.",
        "{record} is up to date and sets out a clear plan for permanence with a named timescale.",
        "the child has lived in the same foster home for three years and is doing well at school.",
        "the independent reviewing officer challenged drift in the permanence plan and it was resolved.",
        "life-story work has started and the child helped choose what goes into it.",
        "health assessments are on time and {partner} follows up emotional well-being concerns.",
    ],
    "care_leavers": [
        "{worker} stays in regular touch and knows the young person's plans for college.",
        "the pathway plan was written with the young person and is specific about accommodation and money.",
        "the young person is in a staying-put arrangement that gives them stability while they study.",
        "the young person was given their health history and knows how to register with {partner}.",
        "support into an apprenticeship was well organised and the young person is proud of their progress.",
        "the local offer is well known and the young person could describe what they are entitled to.",
    ],
    "leaders": [
        "leaders' audit findings matched what inspectors saw, and actions from audits were followed up.",
        "{worker} receives regular reflective supervision that helps them think about risk.",
        "caseloads are manageable, and staff told inspectors they feel supported by managers.",
        "elected members take their corporate parenting role seriously and know the children's views.",
        "the performance report is used weekly by managers to track visits and plan reviews.",
        "workforce stability has improved, with fewer agency staff than a year ago.",
    ],
}
DEVELOPMENT = {
    "help_protection": [
        "{record} was out of date and did not reflect a recent incident reported by {partner}.",
        "there was a delay of several weeks before the assessment started, and no management oversight of it.",
        "the plan was not specific: actions lacked timescales and it was unclear what would change.",
        "{worker} had changed three times in six months, and the child had to retell their story.",
        "the strategy discussion did not include {partner}, who held important information.",
        "the child's voice is missing from {record}; visits are recorded as tasks rather than what was seen.",
        "escalation was slow when the plan was not working, and the case drifted.",
        "consent was not recorded before information was shared with {partner}.",
    ],
    "children_in_care": [
        "the child has had four placement moves in a year, and the reasons are not analysed in {record}.",
        "the permanence plan has not progressed since the last review and no one has challenged the delay.",
        "family time arrangements do not reflect the child's wishes and have not been reviewed.",
        "the personal education plan targets are generic and do not say how progress will be measured.",
        "the child lives in an unregistered home and managers' oversight of this is not recorded.",
        "{record} does not consider the child's identity, culture or language.",
    ],
    "care_leavers": [
        "the pathway plan is generic and copied from the previous year, with the same targets.",
        "the young person has not been in touch with {worker} for three months and no one has followed it up.",
        "the young person lives in accommodation that is not suitable for their needs.",
        "support with mental health was slow to arrive and {partner} was not involved early enough.",
        "the young person did not know about their entitlements under the local offer.",
    ],
    "leaders": [
        "supervision records are brief and do not show reflection or challenge about drift.",
        "audits are completed but actions are not tracked, so the same weaknesses recur.",
        "high caseloads in the assessment teams mean visits are sometimes missed.",
        "leaders' self-evaluation is more positive than what inspectors found in practice.",
        "the sufficiency strategy has not yet increased the number of local foster homes.",
    ],
}
GENERIC_AREA = {
    "front_door": "help_protection", "cin_cp": "help_protection", "outside_home": "help_protection",
    "children_in_care": "children_in_care", "permanence": "children_in_care",
    "care_leavers": "care_leavers", "leadership": "leaders", "leaders": "leaders",
    "help_protection": "help_protection", "looked_after": "children_in_care",
    "adoption": "children_in_care", "leadership_management": "leaders", "lscb": "leaders",
}
NOTES = [
    "Read the last three months of case notes; visits are regular and purposeful.",
    "Spoke with the social worker, who described the plan and the child's progress clearly.",
    "Reviewed the chronology: significant events are recorded but not analysed.",
    "Spoke with the team manager about management oversight; decisions are recorded.",
    "Read the most recent review; the child's views are included in their own words.",
    "Checked whether actions from the last core group were completed; two are outstanding.",
    "The case was discussed with the IRO, who has raised a concern about delay.",
    "Looked at the supervision record; it is reflective and sets clear actions.",
    "Follow-up needed: ask the council for the missing health assessment.",
    "Met the young person with their personal adviser; they spoke positively about support.",
]
AUDIT_NOTES = [
    "Clear analysis of risk and protective factors.", "Up to date and specific.",
    "Generic; actions lack timescales.", "Child's voice well captured.",
    "Completed late with no recorded reason.", "Good multi-agency contribution.",
    "Management oversight not evident.", "Thorough and well evidenced.",
]
TEAMS = [
    "Front door (MASH)", "Assessment team 1", "Assessment team 2", "Child protection east",
    "Child protection west", "Children in care team", "Disabled children's team",
    "Leaving care service", "Adolescent support team",
]
TAGS = ["voice of the child", "management oversight", "drift", "multi-agency", "exploitation",
        "supervision", "permanence", "health", "education", "stability"]
