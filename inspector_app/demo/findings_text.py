"""Narrative findings and summaries for the synthetic inspections (invented, not real reports)."""

STRENGTHS = {
    "help_protection": [
        "Children who need help and protection are identified quickly at the front door, where experienced staff apply thresholds consistently and make timely decisions.",
        "Strategy discussions are held promptly, involve the right partners and lead to proportionate decisions about section 47 enquiries.",
        "Most assessments are thorough: they draw on family history, hear the child's voice and analyse risk and protective factors well.",
    ],
    "children_in_care": [
        "Decisions for children to come into care are timely and well founded, and the family network is explored first.",
        "Most children live in stable homes where their needs are met; they are visited regularly by social workers who know them well.",
        "Independent reviewing officers provide effective oversight and challenge when plans for permanence stall.",
    ],
    "care_leavers": [
        "Personal advisers stay in touch with care leavers, know them well and help them to prepare for adult life at their own pace.",
        "Most care leavers live in safe, suitable homes, and staying-put arrangements are used well.",
        "Care leavers are supported into education, employment and training, including apprenticeships within the council.",
    ],
    "leaders": [
        "Leaders know their services well; their self-evaluation is largely accurate and audit activity matches what inspectors found.",
        "Caseloads are manageable for most social workers, who say that they feel well supported and receive regular supervision.",
        "Elected members and partners share a strong commitment to corporate parenting.",
    ],
}
IMPROVEMENTS = {
    "help_protection": [
        "Plans for children in need and those on child protection plans are not always specific enough about what needs to change and by when.",
        "Changes of social worker mean that some children have to retell their stories, and a few plans drift.",
    ],
    "children_in_care": [
        "Some children experience too many placement moves, and the reasons are not always analysed.",
        "Personal education plans do not consistently set measurable targets.",
    ],
    "care_leavers": [
        "Pathway plans are too often generic, repeating targets from year to year.",
        "Care leavers do not always receive timely support with their emotional and mental health.",
    ],
    "leaders": [
        "Actions from audits are not consistently tracked to completion, so some weaknesses recur.",
        "The sufficiency strategy has not yet increased the range of local homes for children in care.",
    ],
}
RECOMMENDATIONS = [
    ("The specificity of plans for children in need and those subject to child protection plans, so that it is clear what needs to change and by when.", "help_protection", "outcome 3"),
    ("The consistency of management oversight and supervision, so that drift in children's plans is identified and tackled promptly.", "leaders", "enabler 2"),
    ("The stability of children's homes, so that fewer children in care experience placement moves.", "children_in_care", "outcome 4"),
    ("The quality of pathway plans, so that they are specific, written with young people and reviewed as their needs change.", "care_leavers", "outcome 4"),
    ("The timeliness of emotional and mental health support for children in care and care leavers.", "children_in_care", "enabler 1"),
]
PRIORITY_ACTIONS = [
    ("The timeliness and quality of decision-making at the front door, so that children at risk of harm are protected without delay.", "front_door"),
]
FOCUS_STRENGTHS = [
    "Staff at the front door are experienced and apply thresholds consistently; most decisions are made within a day.",
    "Strategy discussions are timely and well attended by the police and health partners.",
    "Parental consent is sought appropriately and recorded, and children's histories are checked.",
]
FOCUS_IMPROVEMENTS = [
    "Management oversight of decisions in the out-of-hours service is not always recorded.",
    "Some contacts from schools wait too long for a decision at busy times.",
]
MONITORING_PROGRESS = [
    "Leaders have strengthened the front door: decisions are now timely and thresholds are applied consistently.",
    "Children's plans have improved since the last visit, though too many still lack measurable actions.",
    "Managers now record their oversight, and supervision is more reflective than at the inspection.",
]
MONITORING_IMPROVEMENTS = [
    "Assessments for some children remain too long in progress without a clear reason.",
    "The quality of records of visits is still inconsistent across teams.",
]


def summary_for(authority: str, graded: bool) -> str:
    if not graded:
        return (
            f"Leaders in {authority} have made steady progress in the areas looked at during this visit. "
            "Most children receive a timely and proportionate response, although some weaknesses remain."
        )
    return (
        f"Children in {authority} receive better help and protection than at the last inspection. "
        "Leaders have an accurate understanding of the quality of practice and have invested in "
        "a stable, well-supported workforce. Most children in care live in stable homes and are "
        "making good progress. Care leavers are well supported by personal advisers who know them well. "
        "However, plans for some children who need help and protection are not specific enough, and a "
        "small number of children experience drift before their circumstances improve."
    )
MONITORED_RECOMMENDATIONS = [
    "The timeliness and quality of assessments, so that children's needs and risks are understood without delay.",
    "The specificity of children's plans, so that families know what must change and by when.",
    "Management oversight and supervision, so that drift is identified and acted on.",
]
