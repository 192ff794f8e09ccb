//! The OpenAPI 3.1 document, generated from the route table so it cannot drift from what is
//! served; a test compares it with the committed `docs/openapi.json`.

use serde_json::{Map, Value, json};

fn schema(name: &str) -> Value {
    json!({"$ref": format!("#/components/schemas/{name}")})
}

fn components() -> Value {
    let s = |v: &str| json!({"type": v});
    let ns = || json!({"type": ["string", "null"]});
    let org_props = json!({
        "name": s("string"), "legal_id": ns(), "entity_type": {"type": "string", "enum": ["company","research_centre","technology_centre","hospital","university","public_body","association","investor"]},
        "size": {"type": ["string", "null"], "enum": ["micro","small","medium","large", null]}, "territory": ns(), "country": ns(), "city": ns(),
        "website": ns(), "email": ns(), "phone": ns(), "description": {"type": "object", "additionalProperties": {"type": "string"}, "description": "One text per language code"}
    });
    let mut org = org_props.clone();
    org["id"] = s("integer");
    org["created_at"] = s("string");
    org["updated_at"] = s("string");
    let mut new_org = org_props.clone();
    new_org["typology"] = s("string");
    new_org["subsectors"] = json!({"type": "array", "items": s("string")});
    new_org["value_chains"] = json!({"type": "array", "items": s("string")});
    new_org["status"] =
        json!({"type": "string", "enum": ["applicant","active","suspended","withdrawn"]});
    let person = json!({"first_name": s("string"), "last_name": s("string"), "email": ns(), "phone": ns(), "job_title": ns()});
    let mut c = json!({
        "schemas": {
            "Object": {"type": "object"},
            "Problem": {"type": "object", "description": "RFC 9457 problem details", "properties": {
                "type": s("string"), "title": s("string"), "status": s("integer"), "code": s("string"), "detail": s("string"),
                "errors": {"type": "array", "items": {"type": "object", "properties": {"field": s("string"), "code": s("string"), "detail": s("string"), "line": s("integer")}}}}},
            "Me": {"type": "object", "properties": {"id": s("integer"), "email": s("string"), "name": s("string"), "platform_admin": s("boolean"), "roles": {"type": "array", "items": {"type": "object"}}}},
            "ClusterList": {"type": "object", "properties": {"items": {"type": "array", "items": {"type": "object", "properties": {"slug": s("string"), "name": s("string"), "default_locale": s("string"), "locales": {"type": "array", "items": s("string")}, "territories": {"type": "array", "items": s("string")}}}}}},
            "Organisation": {"type": "object", "properties": org},
            "NewOrganisation": {"type": "object", "required": ["name", "entity_type"], "properties": new_org},
            "OrganisationPatch": {"type": "object", "properties": org_props},
            "OrganisationPage": {"type": "object", "properties": {"items": {"type": "array", "items": schema("Organisation")}, "total": s("integer"), "page": s("integer"), "per_page": s("integer")}},
            "Membership": {"type": "object", "properties": {"id": s("integer"), "organisation_id": s("integer"), "typology": s("string"), "status": s("string"), "since": ns(), "until": ns(), "withdrawal_reason": ns(), "fee_class": s("string"), "notes": ns(), "subsectors": {"type": "array", "items": s("string")}, "value_chains": {"type": "array", "items": s("string")}}},
            "MembershipUpdate": {"type": "object", "required": ["typology"], "properties": {"typology": s("string"), "subsectors": {"type": "array", "items": s("string")}, "value_chains": {"type": "array", "items": s("string")}, "notes": s("string")}},
            "StatusChange": {"type": "object", "required": ["status"], "properties": {"status": {"type": "string", "enum": ["active","suspended","withdrawn"]}, "reason": s("string")}},
            "ApplicationList": {"type": "object", "properties": {"items": {"type": "array", "items": {"type": "object"}}}},
            "Person": {"type": "object", "properties": person},
            "PersonInput": {"type": "object", "required": ["first_name"], "properties": person},
            "PersonPage": {"type": "object", "properties": {"items": {"type": "array", "items": schema("Person")}, "total": s("integer"), "page": s("integer"), "per_page": s("integer")}},
            "GroupList": {"type": "object", "properties": {"items": {"type": "array", "items": schema("Group")}}},
            "Group": {"type": "object", "properties": {"id": s("integer"), "kind": {"type": "string", "enum": ["board","assembly","committee","working_group"]}, "code": s("string"), "name": {"type": "object"}, "members": {"type": "array", "items": {"type": "object"}}}},
            "MeetingList": {"type": "object", "properties": {"items": {"type": "array", "items": schema("Meeting")}}},
            "Meeting": {"type": "object", "properties": {"id": s("integer"), "group_id": s("integer"), "title": s("string"), "starts_at": s("string"), "location": ns(), "agenda": ns(), "minutes": ns()}},
            "Seat": {"type": "object", "required": ["person_id"], "properties": {"person_id": s("integer"), "role": {"type": "string", "enum": ["chair","vice_chair","secretary","member"]}, "term_start": s("string"), "term_end": s("string")}},
            "NewMeeting": {"type": "object", "required": ["title", "starts_at"], "properties": {"title": s("string"), "starts_at": s("string"), "location": s("string"), "agenda": s("string")}}
        },
        "securitySchemes": {
            "bearer": {"type": "http", "scheme": "bearer", "description": "API token created on the account page or with `clusterhub user token`"},
            "session": {"type": "apiKey", "in": "cookie", "name": "ch_session"}
        }
    });
    if let (Some(all), Value::Object(more)) = (c["schemas"].as_object_mut(), strategy_schemas()) {
        all.extend(more);
    }
    if let (Some(all), Value::Object(more)) = (c["schemas"].as_object_mut(), directory_schemas()) {
        all.extend(more);
    }
    if let (Some(all), Value::Object(more)) = (c["schemas"].as_object_mut(), watch_schemas()) {
        all.extend(more);
    }
    if let (Some(all), Value::Object(more)) =
        (c["schemas"].as_object_mut(), crate::events::schemas())
    {
        all.extend(more);
    }
    if let (Some(all), Value::Object(more)) = (c["schemas"].as_object_mut(), crate::b2b::schemas())
    {
        all.extend(more);
    }
    // Resource maps (funding, notified bodies, service providers…) and their fit to a member.
    {
        let s = |v: &str| json!({"type": v});
        let ns = || json!({"type": ["string", "null"]});
        let strs =
            |d: &str| json!({"type": "array", "items": {"type": "string"}, "description": d});
        let kinds = json!([
            "funding",
            "notified_body",
            "regulatory_service",
            "testing_service",
            "training",
            "technology_capability",
            "living_lab",
            "biobank"
        ]);
        let funding = json!([
            "grant",
            "regional_programme",
            "eu_programme",
            "public_investor",
            "private_investor",
            "seed_capital"
        ]);
        let fit = json!({"type": "object", "description": "Whom the resource fits; an empty list means anyone", "properties": {
            "funding_type": {"type": "string", "enum": funding}, "entity_types": strs("entity type codes"), "sizes": strs("micro, small, medium, large"),
            "subsectors": strs("subsector codes of the cluster"), "stages": strs("idea, startup, growth, consolidated"),
            "trl_min": s("integer"), "trl_max": s("integer"), "device_classes": strs("mdr_i … mdr_iii, ivdr_a … ivdr_d"),
            "territories": strs("NUTS codes or prefixes and ISO country codes"), "regulations": strs("mdr, ivdr"), "tags": strs("free tags"),
            "unverified": {"type": "boolean", "description": "from a list not checked against the authority (the notified-body seed list)"}}});
        let more = json!({
            "Resource": {"type": "object", "properties": {"id": s("integer"), "kind": {"type": "string", "enum": kinds}, "code": ns(), "name": s("string"),
                "description": {"type": "object", "additionalProperties": {"type": "string"}, "description": "One text per language code"},
                "provider": ns(), "url": ns(), "email": ns(), "country": ns(), "fit": fit, "opens_on": ns(), "closes_on": ns(),
                "status": {"type": "string", "enum": ["suggested","published","rejected"]}, "suggested_by_organisation": {"type": ["integer", "null"]},
                "created_at": s("string"), "updated_at": s("string")}},
            "ResourceList": {"type": "object", "properties": {"items": {"type": "array", "items": schema("Resource")}, "total": s("integer")}},
            "NewResource": {"type": "object", "required": ["kind", "name"], "properties": {"kind": {"type": "string", "enum": kinds},
                "funding_type": {"type": "string", "enum": funding, "description": "required when kind is funding"}, "code": s("string"), "name": s("string"), "provider": s("string"),
                "description": {"type": "object", "additionalProperties": {"type": "string"}}, "url": s("string"), "email": s("string"), "country": s("string"),
                "opens_on": s("string"), "closes_on": s("string"), "entity_types": strs(""), "sizes": strs(""), "subsectors": strs(""), "stages": strs(""),
                "trl_min": {"type": "string", "description": "1–9"}, "trl_max": {"type": "string", "description": "1–9"}, "device_classes": strs(""), "regulations": strs(""),
                "territories": {"type": "string", "description": "comma-separated NUTS codes, country codes or names"}, "tags": {"type": "string", "description": "comma-separated"},
                "unverified": s("boolean")}},
            "ForYou": {"type": "object", "properties": {"organisation_id": s("integer"), "facts": {"type": "object", "description": "what the ranking knew of the member"},
                "items": {"type": "array", "items": {"type": "object", "properties": {"resource": schema("Resource"), "score": s("integer"),
                    "reasons": {"type": "array", "items": {"type": "object", "properties": {"kind": {"type": "string", "enum": ["device_class","regulation","subsector","need","stage","trl","territory","entity_type","size","same_country","closes_soon"]}, "value": {}}}}}}}}}
        });
        if let (Some(all), Value::Object(more)) = (c["schemas"].as_object_mut(), more) {
            all.extend(more);
        }
    }
    // Service desk: catalogue, requests and their thread, e-mail intake.
    {
        let s = |v: &str| json!({"type": v});
        let ns = || json!({"type": ["string", "null"]});
        let texts = || json!({"type": "object", "additionalProperties": {"type": "string"}, "description": "One text per language code"});
        let areas = json!([
            "regulatory",
            "funding",
            "talent",
            "internationalisation",
            "commercialisation",
            "data",
            "other"
        ]);
        let statuses = json!(["new", "open", "waiting_member", "with_partner", "closed"]);
        let outcomes = json!(["resolved", "referred", "not_possible", "withdrawn"]);
        let files = json!({"type": "array", "description": "PDF, PNG, JPEG, DOCX, XLSX, ODT, TXT or CSV, judged by content; up to 5 files of 10 MB",
            "items": {"type": "object", "required": ["filename", "content_base64"], "properties": {"filename": s("string"), "content_base64": s("string")}}});
        let service = json!({"type": "object", "properties": {"code": s("string"), "area": {"type": "string", "enum": areas},
            "name": texts(), "description": texts(), "sla_hours": s("integer"), "active": s("boolean"), "position": s("integer")}});
        let party = json!({"type": ["object", "null"], "properties": {"id": s("integer"), "name": s("string")}});
        let request = json!({"type": "object", "properties": {"reference": s("string"), "number": s("integer"), "subject": s("string"),
            "status": {"type": "string", "enum": statuses}, "source": {"type": "string", "enum": ["web","api","email"]},
            "service": {"type": "object", "properties": {"code": s("string"), "area": s("string"), "name": texts()}},
            "organisation": party.clone(), "requester": ns(), "assignee": party.clone(), "partner": party,
            "opened_at": s("string"), "due_at": s("string"), "overdue": s("boolean"), "first_response_at": ns(), "closed_at": ns(),
            "outcome": {"type": ["string", "null"], "enum": outcomes.clone()}, "outcome_note": ns(), "rating": {"type": ["integer", "null"]}, "rating_comment": ns(),
            "activity_id": {"type": ["integer", "null"], "description": "staff only: the support activity of a closed request"},
            "messages": {"type": "array", "items": {"type": "object", "properties": {"id": s("integer"), "author": ns(), "author_role": ns(), "body": s("string"), "internal": s("boolean"), "created_at": s("string")}}},
            "attachments": {"type": "array", "items": {"type": "object", "properties": {"id": s("integer"), "message_id": s("integer"), "filename": s("string"), "content_type": s("string"), "size": s("integer"), "href": s("string")}}},
            "resources": {"type": "array", "items": {"type": "object"}}}});
        let more = json!({
            "Service": service.clone(),
            "ServiceList": {"type": "object", "properties": {"items": {"type": "array", "items": schema("Service")}}},
            "NewService": {"type": "object", "required": ["code", "area", "name", "sla_hours"], "properties": service["properties"].clone()},
            "Request": request,
            "RequestList": {"type": "object", "properties": {"items": {"type": "array", "items": schema("Request")}, "total": s("integer"), "page": s("integer"), "per_page": s("integer")}},
            "NewRequest": {"type": "object", "required": ["service", "subject", "body"], "properties": {"service": {"type": "string", "description": "the service's code"},
                "subject": s("string"), "body": s("string"), "organisation_id": {"type": "integer", "description": "staff opening on a member's behalf"}, "attachments": files.clone()}},
            "RequestPatch": {"type": "object", "description": "Fields left out keep their value", "properties": {"status": {"type": "string", "enum": ["new","open","waiting_member","with_partner"]},
                "service": s("string"), "assignee_user_id": {"type": ["integer", "null"]}, "partner_organisation_id": {"type": ["integer", "null"]}}},
            "NewMessage": {"type": "object", "properties": {"body": s("string"), "internal": {"type": "boolean", "description": "staff only: a note members and partners never see"}, "attachments": files}},
            "CloseRequest": {"type": "object", "required": ["outcome"], "properties": {"outcome": {"type": "string", "enum": outcomes}, "note": s("string")}},
            "Rating": {"type": "object", "required": ["rating"], "properties": {"rating": {"type": "integer", "minimum": 1, "maximum": 5}, "comment": s("string")}},
            "File": {"type": "string", "format": "binary"},
            "RawEmail": {"type": "string", "description": "The raw RFC 822 message, sent as is with Content-Type: message/rfc822"},
            "InboundResult": {"type": "object", "properties": {"status": {"type": "string", "enum": ["opened","replied","duplicate"]}, "reference": s("string"), "number": s("integer"), "previous": s("string")}}
        });
        if let (Some(all), Value::Object(more)) = (c["schemas"].as_object_mut(), more) {
            all.extend(more);
        }
    }
    c
}

/// Schemas of the activity log and scorecard (a second literal: one would exceed the macro's
/// recursion limit).
/// Directory search and rich profiles.
fn directory_schemas() -> Value {
    let s = |v: &str| json!({"type": v});
    let strs = || json!({"type": "array", "items": {"type": "string"}});
    let texts = || json!({"type": "object", "additionalProperties": {"type": "string"}, "description": "One text per language code"});
    let profile = json!({"type": "object", "properties": {
        "capabilities": texts(), "capability_tags": strs(), "needs": texts(), "need_tags": strs(), "products": texts(),
        "technologies": strs(), "certifications": {"type": "array", "items": {"type": "string", "enum": ["iso13485","iso9001","iso27001","iso15189","gmp","glp","mdr_i","mdr_iia","mdr_iib","mdr_iii","ivdr_a","ivdr_b","ivdr_c","ivdr_d"]}},
        "trl": {"type": ["integer", "null"], "minimum": 1, "maximum": 9}, "stage": {"type": ["string", "null"], "enum": ["idea","startup","growth","consolidated", null]},
        "markets": strs(), "export_countries": strs(), "value_chain": {"type": "array", "items": {"type": "string", "enum": ["research","development","clinical_validation","regulatory","manufacturing","distribution","services","care"]}},
        "rd_areas": strs(), "equipment": texts(),
        "contacts": {"type": "array", "items": {"type": "object", "properties": {"topic": s("string"), "name": s("string"), "email": s("string"), "phone": s("string")}}}}});
    let visibility = json!({"type": "object", "additionalProperties": {"type": "string", "enum": ["public","members","staff"]}, "description": "Field name → who sees it"});
    json!({
        "Profile": {"type": "object", "properties": {"organisation_id": s("integer"), "level": {"type": "string", "enum": ["public","members","staff"]}, "profile": profile.clone(), "visibility": visibility.clone(), "logo": s("boolean"), "updated_at": {"type": ["string", "null"]}}},
        "ProfileBody": {"type": "object", "required": ["profile"], "properties": {"profile": profile, "visibility": visibility}},
        "SearchResults": {"type": "object", "properties": {"total": s("integer"), "page": s("integer"), "pages": s("integer"),
            "hits": {"type": "array", "items": {"type": "object", "properties": {"organisation_id": s("integer"), "cluster_id": s("integer"), "cluster_slug": s("string"), "name": s("string"), "entity_type": s("string"), "territory": {"type": ["string", "null"]}, "subsectors": strs(), "summary": s("string"), "tags": strs(), "trl": {"type": ["integer", "null"]}, "certifications": strs()}}},
            "facets": {"type": "object", "description": "Facet name → [value, count] pairs", "additionalProperties": {"type": "array", "items": {"type": "array"}}}}}
    })
}

/// Tender watch: opportunities, alert profiles, matches and the bulletin subscription.
fn watch_schemas() -> Value {
    let s = |v: &str| json!({"type": v});
    let ns = || json!({"type": ["string", "null"]});
    let ni = || json!({"type": ["integer", "null"]});
    let strs = |d: &str| json!({"type": "array", "items": {"type": "string"}, "description": d});
    let texts = || json!({"type": "object", "additionalProperties": {"type": "string"}, "description": "One text per language code (\"\" when unknown)"});
    let kinds = json!([
        "planning",
        "tender",
        "award",
        "call",
        "fair",
        "partner_search",
        "market"
    ]);
    let kind = json!({"type": "string", "enum": kinds.clone()});
    let codes = |d: &str| json!({"description": d, "oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]});
    let euros = |d: &str| json!({"description": d, "oneOf": [{"type": "string"}, {"type": "integer"}, {"type": "null"}]});
    let opportunity = json!({"type": "object", "properties": {
        "id": s("integer"), "cluster_id": {"type": ["integer", "null"], "description": "null for eForms notices (public procurement data)"},
        "shared": {"type": "boolean", "description": "a cluster's own opportunity other clusters see"},
        "source": {"type": "string", "enum": ["eforms", "manual", "feed"]}, "source_key": s("string"), "kind": kind.clone(),
        "title": texts(), "summary": texts(), "buyer": ns(), "buyer_country": ns(), "cpv": strs("8-digit CPV codes"), "nuts": strs("NUTS codes of the buyer and the places of performance"),
        "value_cents": ni(), "currency": ns(), "deadline": {"type": ["string", "null"], "description": "RFC 3339, UTC"}, "published_on": ns(),
        "innovation": s("boolean"), "url": ns(), "updated_at": s("string")}});
    let mut detail = opportunity.clone();
    detail["properties"]["notice"] = json!({"type": ["object", "null"], "description": "the eForms notice as parsed (lots, parties, awards…), for notices"});
    let reason = json!({"type": "object", "description": "Why it matched", "required": ["kind"], "properties": {
        "kind": {"type": "string", "enum": ["cpv", "nuts", "keyword", "innovation"]},
        "code": {"type": "string", "description": "cpv, nuts: the opportunity's code"}, "prefix": {"type": "string", "description": "cpv, nuts: the profile's entry it lies under"},
        "keyword": {"type": "string", "description": "keyword: the profile's keyword"}, "lang": {"type": "string", "description": "keyword: the language of the text it occurs in"}}});
    let profile = json!({"type": "object", "properties": {
        "id": s("integer"), "organisation_id": s("integer"), "name": s("string"), "cpv": strs("CPV prefixes by significant digits"),
        "nuts": strs("NUTS prefixes or ISO country codes"), "keywords": strs("keywords or phrases, matched on stems in any language"),
        "min_value": ni(), "max_value": ni(), "kinds": {"type": "array", "items": kind.clone(), "description": "empty: every kind"},
        "innovation_only": s("boolean"), "updated_at": s("string")}});
    let state = json!({"type": "string", "enum": ["new", "saved", "dismissed"]});
    let frequency = json!({"type": "string", "enum": ["weekly", "daily", "off"]});
    json!({
        "Opportunity": opportunity,
        "OpportunityDetail": detail,
        "OpportunityList": {"type": "object", "properties": {"items": {"type": "array", "items": schema("Opportunity")}, "total": s("integer"), "page": s("integer"), "per_page": s("integer")}},
        "NewOpportunity": {"type": "object", "required": ["kind", "title"], "properties": {"kind": kind, "title": s("string"),
            "lang": {"type": "string", "description": "language of title and summary: es, eu, en, fr, gl or pt"}, "summary": s("string"), "buyer": s("string"),
            "cpv": codes("CPV codes (a check digit is dropped)"), "nuts": codes("NUTS codes"), "deadline": {"type": "string", "description": "a day; open until its end, UTC"},
            "url": {"type": "string", "description": "http or https"}, "shared": {"type": "boolean", "description": "other clusters see it too"}}},
        "AlertProfile": profile,
        "AlertProfileList": {"type": "object", "properties": {"items": {"type": "array", "items": schema("AlertProfile")}}},
        "AlertProfileBody": {"type": "object", "required": ["name"], "description": "At least one CPV code or keyword; every problem is reported at once, naming its field", "properties": {
            "name": s("string"), "cpv": codes("CPV codes or prefixes (2 to 8 digits) that exist in the CPV list"), "nuts": codes("NUTS codes or prefixes, or ISO country codes"),
            "keywords": codes("keywords or phrases: a list, or one per line"), "min_value": euros("whole euros"), "max_value": euros("whole euros, not below min_value"),
            "kinds": {"type": "array", "items": {"type": "string", "enum": kinds}}, "innovation_only": s("boolean")}},
        "Match": {"type": "object", "properties": {"opportunity": schema("Opportunity"), "title": {"type": "string", "description": "in the request's language"},
            "score": {"type": "integer", "minimum": 1, "maximum": 100}, "reasons": {"type": "array", "items": reason},
            "reason_texts": strs("the reasons in words, in the request's language"), "profiles": strs("names of the profiles that matched"),
            "state": state.clone(), "matched_at": s("string"),
            "shared_by": {"type": "array", "items": {"type": "object", "properties": {"from": s("string"), "note": s("string")}}, "description": "colleagues who passed it on to the reader"}}},
        "MatchList": {"type": "object", "properties": {"items": {"type": "array", "items": schema("Match")}, "total": s("integer")}},
        "MatchUpdate": {"type": "object", "required": ["state"], "properties": {"state": state,
            "verdict": {"type": "string", "description": "when dismissing: not_relevant (the default), not_for_us, too_late, too_big"}, "note": s("string")}},
        "MatchShare": {"type": "object", "required": ["to"], "properties": {"to": {"type": "integer", "description": "user id of a colleague of the same organisation"}, "note": s("string")}},
        "MatchShared": {"type": "object", "properties": {"opportunity": s("integer"), "to": s("integer"), "note": s("string")}},
        "WatchSubscription": {"type": "object", "properties": {"frequency": frequency.clone(), "frequencies": {"type": "array", "items": frequency.clone()},
            "atom": {"type": "string", "description": "Atom feed of the matches, keyed by a private token"}, "ical": {"type": "string", "description": "iCalendar feed of the deadlines, same token"}}},
        "WatchSubscriptionUpdate": {"type": "object", "required": ["frequency"], "properties": {"frequency": frequency}}
    })
}

fn strategy_schemas() -> Value {
    let s = |v: &str| json!({"type": v});
    let ns = || json!({"type": ["string", "null"]});
    json!({
            "ActivityList": {"type": "object", "properties": {"items": {"type": "array", "items": schema("Activity")}, "total": s("integer"), "page": s("integer")}},
            "Activity": {"type": "object", "properties": {"id": s("integer"), "kind": s("string"), "subtype": ns(), "scope": ns(), "counterpart": ns(), "external": s("boolean"), "title": s("string"), "description": s("string"), "starts_on": s("string"), "ends_on": ns(), "place": ns(), "attendees": s("integer"), "amount_cents": s("integer"), "items": {"type": "array", "items": s("string")}, "organisations": {"type": "array", "items": {"type": "object"}}, "people": {"type": "array", "items": {"type": "object"}}}},
            "NewActivity": {"type": "object", "required": ["kind", "title", "starts_on"], "properties": {"kind": {"type": "string", "enum": ["training","event","meeting","mission","fair","rd_proposal","rd_project","support","media_mention","network","institutional_contact","sponsorship","income","bulletin"]}, "subtype": s("string"), "scope": s("string"), "counterpart": s("string"), "external": s("boolean"), "title": s("string"), "description": s("string"), "starts_on": s("string"), "ends_on": s("string"), "place": s("string"), "attendees": {"type": "string", "description": "whole number, not negative"}, "amount": {"type": "string", "description": "euros, e.g. 1500 or 1.500,50; not negative"}, "items": {"type": "array", "items": s("string"), "description": "pillar, line or action codes of the plan"}, "organisations": {"type": "array", "items": s("integer")}, "people": {"type": "array", "items": s("integer")}}},
            "Scorecard": {"type": "object", "properties": {"plan": s("string"), "revision": s("integer"), "period": s("string"), "items": {"type": "array", "items": {"type": "object", "properties": {"code": s("string"), "level": s("string"), "group": s("string"), "unit": s("string"), "name": {"type": "object"}, "value": {"type": ["number", "null"]}, "target": {"type": ["number", "null"]}, "light": {"type": "string", "enum": ["green","amber","red","none"]}, "trend": {"type": "array", "items": {"type": "object"}}}}}}},
            "RecordList": {"type": "object", "properties": {"indicator": s("string"), "period": s("string"), "total": s("integer"), "items": {"type": "array", "items": {"type": "object", "properties": {"role": s("string"), "kind": s("string"), "date": s("string"), "title": s("string"), "detail": s("string"), "link": s("string"), "link_id": s("integer")}}}}}
    })
}

pub fn document() -> Value {
    let mut paths: Map<String, Value> = Map::new();
    for r in crate::route_table() {
        let Some(d) = r.api else { continue };
        let params: Vec<Value> = r
            .path
            .split('/')
            .filter_map(|seg| seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
            .map(|name| {
                let ty = if name == "slug" { "string" } else { "integer" };
                json!({"name": name, "in": "path", "required": true, "schema": {"type": ty}})
            })
            .chain(d.query.iter().map(|q| {
                let ty = if matches!(*q, "page" | "per_page") {
                    "integer"
                } else {
                    "string"
                };
                json!({"name": q, "in": "query", "required": false, "schema": {"type": ty}})
            }))
            .collect();
        let problem = json!({"description": "Problem", "content": {"application/problem+json": {"schema": schema("Problem")}}});
        let mut op = json!({
            "summary": d.summary,
            "tags": [d.tag],
            "operationId": format!("{}_{}", r.method.to_lowercase(), r.path.trim_start_matches("/api/v1/").replace(['/', '{', '}', '.'], "_")),
            "parameters": params,
            "responses": {
                d.status.to_string(): {"description": "OK", "content": {"application/json": {"schema": schema(d.response)}}},
                "401": problem.clone(), "403": problem.clone(), "404": problem.clone(), "422": problem
            }
        });
        if let Some(b) = d.body {
            op["requestBody"] =
                json!({"required": true, "content": {"application/json": {"schema": schema(b)}}});
        }
        paths.entry(r.path.to_string()).or_insert_with(|| json!({}))[r.method.to_lowercase()] = op;
    }
    json!({
        "openapi": "3.1.0",
        "info": {"title": "ClusterHub API", "version": env!("CARGO_PKG_VERSION"), "description": "Members, people and governance of industry clusters."},
        "security": [{"bearer": []}, {"session": []}],
        "paths": paths,
        "components": components()
    })
}
