//! The OpenAPI 3.1 document of the JSON API, served at `/api/openapi.json`. Written
//! by hand next to the routes; a test requests every path it lists and checks that
//! every API route is listed.

use serde_json::{json, Value};

fn param(name: &str, inn: &str, kind: &str, desc: &str) -> Value {
    json!({
        "name": name, "in": inn, "required": inn == "path",
        "schema": { "type": kind }, "description": desc
    })
}

fn page_params() -> Vec<Value> {
    vec![
        param("offset", "query", "integer", "items to skip (default 0)"),
        param("limit", "query", "integer", "items to return (1 to 500)"),
    ]
}

fn op(summary: &str, params: Vec<Value>, schema: Value) -> Value {
    json!({
        "summary": summary,
        "parameters": params,
        "responses": {
            "200": { "description": "OK", "content": { "application/json": { "schema": schema } } },
            "400": { "$ref": "#/components/responses/Error" },
            "404": { "$ref": "#/components/responses/Error" }
        }
    })
}

fn obj(props: Value) -> Value {
    json!({ "type": "object", "properties": props })
}

fn list_of(r: &str) -> Value {
    json!({ "type": "array", "items": { "$ref": format!("#/components/schemas/{r}") } })
}

fn story_param() -> Value {
    param("name", "path", "string", "the story's name")
}

fn id_param() -> Value {
    param("id", "path", "integer", "the stored article's id")
}

/// The document.
pub fn document() -> Value {
    let string = json!({ "type": "string" });
    let int = json!({ "type": "integer" });
    let strings = json!({ "type": "array", "items": { "type": "string" } });
    let span = json!({ "type": "array", "items": { "type": "integer" }, "minItems": 2, "maxItems": 2,
                       "description": "[start, end): Unicode code points, end exclusive" });
    let spans = json!({ "type": "array", "items": span });
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "whosaid API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Who said what, through whom, how sure, and which reports contradict each other: the stored articles, attributions, entities, claim groups, conflicts, sources and timeline of a whosaid store. Reading is open; POST routes need `Authorization: Bearer TOKEN` with the server's write token. Offsets are Unicode code points, end-exclusive.",
            "license": { "name": "MIT OR Apache-2.0" }
        },
        "paths": {
            "/api/health": { "get": op("Server status and store counts", vec![], obj(json!({
                "status": string, "schema_version": int, "writable": { "type": "boolean" },
                "counts": { "$ref": "#/components/schemas/Counts" } }))) },
            "/api/openapi.json": { "get": op("This document", vec![], json!({ "type": "object" })) },
            "/api/stories": {
                "get": op("Stories (saved selections) with their article counts", vec![],
                    obj(json!({ "stories": list_of("Story") }))),
                "post": {
                    "summary": "Create or replace a story (needs the write token)",
                    "security": [{ "bearer": [] }],
                    "requestBody": { "required": true, "content": { "application/json": { "schema": obj(json!({
                        "name": string, "query": { "type": "string", "description": "SQLite FTS5 query over titles and texts" } })) } } },
                    "responses": {
                        "201": { "description": "Created", "content": { "application/json": { "schema": obj(json!({ "name": string, "query": string, "articles": int })) } } },
                        "400": { "$ref": "#/components/responses/Error" },
                        "401": { "$ref": "#/components/responses/Error" },
                        "403": { "$ref": "#/components/responses/Error" }
                    }
                }
            },
            "/api/stories/{name}": { "get": op(
                "Story overview: counts, source shares, the most corroborated claim groups and conflicts",
                [vec![story_param()], page_params()].concat(),
                json!({ "$ref": "#/components/schemas/Overview" })) },
            "/api/stories/{name}/claims": { "get": op(
                "Claim groups of a story with their member claims, most corroborated first",
                [vec![story_param()], page_params()].concat(),
                obj(json!({ "total": int, "offset": int, "groups": { "type": "array", "items": obj(json!({
                    "group": { "$ref": "#/components/schemas/GroupSummary" }, "members": list_of("Claim") })) } }))) },
            "/api/stories/{name}/conflicts": { "get": op(
                "Contradicting claim groups, side by side with their chains",
                [vec![story_param()], page_params()].concat(),
                obj(json!({ "total": int, "offset": int, "conflicts": list_of("Conflict") }))) },
            "/api/stories/{name}/sources": { "get": op(
                "Who is quoted, how often; named / anonymous / unnamed shares per outlet",
                [vec![story_param()], page_params()].concat(),
                obj(json!({ "total": int, "offset": int, "speakers": list_of("Source"), "outlets": list_of("Outlet"),
                            "shares": { "$ref": "#/components/schemas/Outlet" } }))) },
            "/api/stories/{name}/timeline": { "get": op("Claims, new claim groups and conflicts per day",
                vec![story_param()], obj(json!({ "days": list_of("Day") }))) },
            "/api/articles": { "get": op("Stored articles (newest revision of each), optionally of one story",
                [vec![param("story", "query", "string", "only this story's articles")], page_params()].concat(),
                obj(json!({ "total": int, "offset": int, "articles": list_of("ArticleRow") }))) },
            "/api/articles/{id}": { "get": op("One article: metadata, text, attributions, entities",
                vec![id_param()], json!({ "$ref": "#/components/schemas/Article" })) },
            "/api/articles/{id}/attributions": { "get": op("An article's attributions", vec![id_param()],
                obj(json!({ "article": int, "attributions": list_of("Attribution") }))) },
            "/api/articles/{id}/entities": { "get": op("An article's entities", vec![id_param()],
                obj(json!({ "article": int, "entities": list_of("Entity") }))) },
            "/api/articles/{id}/attributions/{n}/elsewhere": { "get": op(
                "Claims in other articles that state the same proposition as attribution n",
                vec![id_param(), param("n", "path", "integer", "the attribution's id within the article")],
                obj(json!({ "article": int, "attribution": int, "claims": list_of("Claim") }))) },
            "/api/search": { "get": op("Full-text search over articles and claims (SQLite FTS5 syntax)",
                vec![param("q", "query", "string", "the query"), param("limit", "query", "integer", "hits per kind (1 to 500)")],
                obj(json!({ "query": string, "hits": list_of("Hit") }))) },
            "/api/ingest": { "post": {
                "summary": "Ingest pasted text, a URL or feed (JSON), or uploaded files (multipart field `files`); needs the write token",
                "security": [{ "bearer": [] }],
                "requestBody": { "required": true, "content": {
                    "application/json": { "schema": obj(json!({ "text": string, "url": string, "id": string,
                        "title": string, "outlet": string, "published": string })) },
                    "multipart/form-data": { "schema": obj(json!({ "files": { "type": "array", "items": { "type": "string", "format": "binary" } },
                        "text": string, "url": string, "title": string, "outlet": string, "published": string, "token": string })) } } },
                "responses": {
                    "202": { "description": "Accepted: a job", "content": { "application/json": { "schema": obj(json!({ "job": int, "status": string })) } } },
                    "400": { "$ref": "#/components/responses/Error" },
                    "401": { "$ref": "#/components/responses/Error" },
                    "403": { "$ref": "#/components/responses/Error" },
                    "413": { "$ref": "#/components/responses/Error" }
                }
            } },
            "/api/jobs/{id}": { "get": op("Progress of an ingest job", vec![param("id", "path", "integer", "the job id")],
                json!({ "$ref": "#/components/schemas/Job" })) }
        },
        "components": {
            "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer" } },
            "responses": { "Error": { "description": "An error", "content": { "application/json": { "schema": obj(json!({ "error": string, "status": int })) } } } },
            "schemas": {
                "Counts": obj(json!({ "articles": int, "duplicates": int, "attributions": int, "entities": int, "stories": int })),
                "Story": obj(json!({ "name": string, "query": string, "created": string, "articles": int })),
                "ArticleRow": obj(json!({ "id": int, "key": string, "title": string, "outlet": string, "url": string,
                    "published": string, "author": string, "language": string, "duplicate_of": int, "revision_of": int, "ingested": string })),
                "Article": { "allOf": [ { "$ref": "#/components/schemas/ArticleRow" }, obj(json!({ "text": string,
                    "attributions": list_of("Attribution"), "entities": list_of("Entity") })) ] },
                "Attribution": obj(json!({ "id": int, "source": spans, "cue": spans, "content": spans,
                    "kind": { "enum": ["direct", "indirect", "mixed", "according_to", "continuation"] },
                    "parent": int, "confidence": { "type": "number" },
                    "text": obj(json!({ "source": string, "cue": string, "content": string })),
                    "speaker": { "type": "object", "description": "see docs/schema.md" },
                    "recipient": { "type": "object" }, "medium": { "type": "object" },
                    "chain": { "type": "array", "items": { "type": "object" } },
                    "certainty": { "type": "object" } })),
                "Entity": obj(json!({ "id": int, "name": string, "kind": string, "titles": strings, "affiliations": strings, "mentions": spans })),
                "Claim": obj(json!({ "attribution": int, "article": int, "article_key": string, "outlet": string, "published": string,
                    "duplicate_of": int, "index": int, "kind": string, "parent": int, "source": string, "cue": string, "content": string,
                    "speaker": string, "speaker_type": string, "certainty": string, "chain": strings, "confidence": { "type": "number" } })),
                "GroupSummary": obj(json!({ "id": int, "content": string, "independent_origins": int, "claims": int,
                    "speakers": strings, "outlets": strings, "first_seen": string, "certainty": string, "chain": strings,
                    "article": int, "attribution": int, "index": int })),
                "Side": obj(json!({ "group": int, "content": string, "speakers": strings, "outlets": strings, "chain": strings,
                    "certainty": string, "article": int, "attribution": int, "independent_origins": int })),
                "Conflict": obj(json!({ "reason": string, "score": { "type": "number" },
                    "stance": { "enum": ["agree", "disagree", "discuss", "unrelated"] },
                    "claim": { "$ref": "#/components/schemas/Side" }, "counter_claim": { "$ref": "#/components/schemas/Side" } })),
                "Source": obj(json!({ "speaker": string, "type": string, "claims": int, "articles": int, "outlets": strings,
                    "groups": { "type": "array", "items": int } })),
                "Outlet": obj(json!({ "outlet": string, "claims": int, "named": int, "anonymous": int, "unnamed": int, "unknown": int })),
                "Day": obj(json!({ "date": string, "claims": int, "new_groups": int, "conflicts": int })),
                "Overview": obj(json!({ "story": string, "query": string, "articles": int, "claims": int, "groups": int,
                    "conflicts_total": int, "sources": { "$ref": "#/components/schemas/Outlet" }, "offset": int,
                    "claim_groups": list_of("GroupSummary"), "conflicts": list_of("Conflict") })),
                "Hit": obj(json!({ "what": { "enum": ["article", "claim"] }, "article": int, "article_key": string,
                    "title": string, "attribution": int, "snippet": string })),
                "Job": obj(json!({ "id": int, "state": { "enum": ["running", "done", "failed"] }, "items": int, "processed": int,
                    "stored": int, "unchanged": int, "duplicates": int, "failed": int,
                    "articles": { "type": "array", "items": int }, "messages": strings }))
            }
        }
    })
}
