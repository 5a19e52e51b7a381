//! Editor settings (section `reportLsp`): the keys of `report-lsp.toml`,
//! which override the file, plus a few that only concern the editor.

use serde_json::Value;

use crate::engine::docs::DEFAULT_BASE_URL;
use crate::engine::{ConfigError, Settings};

/// Diagnostics published per document unless the editor says otherwise:
/// beyond this a list stops being read, and a pasted export with hundreds
/// of thousands of findings would flood the editor.
pub const DEFAULT_MAX_DIAGNOSTICS: usize = 1000;

/// What the editor settings say.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EditorSettings {
    /// Overrides of `report-lsp.toml`.
    pub engine: Settings,
    pub server: ServerSettings,
}

/// The settings that are about the editor, not about checking.
#[derive(Debug, Clone, PartialEq)]
pub struct ServerSettings {
    /// Where the rules document lives (`reportLsp.docs.baseUrl`): the
    /// repository, or a copy of `docs/rules.md` hosted elsewhere.
    pub docs_base_url: String,
    /// `reportLsp.maxDiagnostics`.
    pub max_diagnostics: usize,
    /// `reportLsp.inlayHints.sectionLength`: lengths at the headings.
    pub section_lengths: bool,
}

impl Default for ServerSettings {
    fn default() -> Self {
        ServerSettings {
            docs_base_url: DEFAULT_BASE_URL.to_string(),
            max_diagnostics: DEFAULT_MAX_DIAGNOSTICS,
            section_lengths: true,
        }
    }
}

fn error(message: String) -> ConfigError {
    ConfigError {
        file: None,
        line: None,
        column: None,
        message,
    }
}

/// Reads the `reportLsp` section. `null` means "not set", so a client's
/// unset defaults never override the file; keys that belong to the client
/// alone (`server`, `trace`, `workspaceDiagnostics`) are not ours.
pub fn parse(value: &Value) -> Result<EditorSettings, ConfigError> {
    let mut value = strip_nulls(value);
    let mut server = ServerSettings::default();
    match &mut value {
        Value::Object(map) => {
            for key in ["server", "trace", "workspaceDiagnostics"] {
                map.remove(key);
            }
            if let Some(docs) = map.remove("docs") {
                match docs.get("baseUrl") {
                    None => {}
                    // Empty: not set, as an editor's blank setting field is.
                    Some(Value::String(url)) if url.trim().is_empty() => {}
                    Some(Value::String(url)) => server.docs_base_url = url.trim().to_string(),
                    Some(other) => {
                        return Err(error(format!(
                            "docs.baseUrl 应为网址字符串，这里是 {other}"
                        )))
                    }
                }
            }
            if let Some(max) = map.remove("maxDiagnostics") {
                server.max_diagnostics = max
                    .as_u64()
                    .filter(|&n| n > 0)
                    .and_then(|n| usize::try_from(n).ok())
                    .ok_or_else(|| error(format!("maxDiagnostics 应为正整数，这里是 {max}")))?;
            }
            if let Some(hints) = map.remove("inlayHints") {
                match hints.get("sectionLength") {
                    None => {}
                    Some(Value::Bool(on)) => server.section_lengths = *on,
                    Some(other) => {
                        return Err(error(format!(
                            "inlayHints.sectionLength 应为 true 或 false，这里是 {other}"
                        )))
                    }
                }
            }
        }
        Value::Null => {}
        _ => return Err(error("设置应为一个对象".into())),
    }
    Ok(EditorSettings {
        engine: Settings::from_json(&value)?,
        server,
    })
}

fn strip_nulls(v: &Value) -> Value {
    match v {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), strip_nulls(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn editor_keys_are_read_and_the_rest_goes_to_the_engine() {
        let s = parse(&json!({
            "rules": { "stray-space": "off" },
            "maxDiagnostics": 50,
            "docs": { "baseUrl": "https://docs.example/rules.md" },
            "inlayHints": { "sectionLength": false },
            "server": { "path": "/x" },
            "trace": { "server": "off" },
            "workspaceDiagnostics": true,
            "placeholder": null,
        }))
        .unwrap();
        assert_eq!(s.server.max_diagnostics, 50);
        assert_eq!(s.server.docs_base_url, "https://docs.example/rules.md");
        assert!(!s.server.section_lengths);
        assert_eq!(
            s.engine,
            Settings::from_toml("[rules]\nstray-space = \"off\"\n").unwrap()
        );
        assert_eq!(parse(&Value::Null).unwrap(), EditorSettings::default());
        let blank = parse(&json!({ "docs": { "baseUrl": " " } })).unwrap();
        assert_eq!(blank.server, ServerSettings::default());
    }

    #[test]
    fn bad_values_are_errors_naming_the_key() {
        for bad in [
            json!({ "maxDiagnostics": 0 }),
            json!({ "maxDiagnostics": "many" }),
            json!({ "docs": { "baseUrl": 3 } }),
            json!({ "inlayHints": { "sectionLength": "yes" } }),
            json!({ "rules": { "no-such-rule": "off" } }),
            json!([1, 2]),
        ] {
            assert!(parse(&bad).is_err(), "{bad}");
        }
    }
}
