//! A project's hosted tools (code interpreter, file search, image generation, MCP, web search),
//! each on or off.

use crate::engine::client::Client;
use crate::engine::error::ApiError;
use crate::engine::transport::Transport;
use crate::resources::projects::project_path;
use serde::{Deserialize, Serialize};

/// One tool's switch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ToolSwitch {
    pub enabled: bool,
}

impl Default for ToolSwitch {
    /// A tool the answer does not mention is on: that is the API's default.
    fn default() -> Self {
        Self { enabled: true }
    }
}

/// `ProjectHostedToolPermissions` (the answer carries no `object`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HostedToolPermissions {
    #[serde(default)]
    pub code_interpreter: ToolSwitch,
    #[serde(default)]
    pub file_search: ToolSwitch,
    #[serde(default)]
    pub image_generation: ToolSwitch,
    #[serde(default)]
    pub mcp: ToolSwitch,
    #[serde(default)]
    pub web_search: ToolSwitch,
}

/// The hosted tools, with their wire names and what users call them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum HostedTool {
    CodeInterpreter,
    FileSearch,
    ImageGeneration,
    Mcp,
    WebSearch,
}

impl HostedTool {
    pub const ALL: [HostedTool; 5] = [
        Self::CodeInterpreter,
        Self::FileSearch,
        Self::ImageGeneration,
        Self::Mcp,
        Self::WebSearch,
    ];

    pub fn wire(self) -> &'static str {
        match self {
            Self::CodeInterpreter => "code_interpreter",
            Self::FileSearch => "file_search",
            Self::ImageGeneration => "image_generation",
            Self::Mcp => "mcp",
            Self::WebSearch => "web_search",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::CodeInterpreter => "Code interpreter",
            Self::FileSearch => "File search",
            Self::ImageGeneration => "Image generation",
            Self::Mcp => "MCP",
            Self::WebSearch => "Web search",
        }
    }

    pub fn from_wire(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.wire() == s)
    }
}

impl HostedToolPermissions {
    pub fn enabled(&self, tool: HostedTool) -> bool {
        match tool {
            HostedTool::CodeInterpreter => self.code_interpreter.enabled,
            HostedTool::FileSearch => self.file_search.enabled,
            HostedTool::ImageGeneration => self.image_generation.enabled,
            HostedTool::Mcp => self.mcp.enabled,
            HostedTool::WebSearch => self.web_search.enabled,
        }
    }

    pub fn set(&mut self, tool: HostedTool, enabled: bool) {
        let slot = match tool {
            HostedTool::CodeInterpreter => &mut self.code_interpreter,
            HostedTool::FileSearch => &mut self.file_search,
            HostedTool::ImageGeneration => &mut self.image_generation,
            HostedTool::Mcp => &mut self.mcp,
            HostedTool::WebSearch => &mut self.web_search,
        };
        slot.enabled = enabled;
    }

    /// The tools that are off, in [`HostedTool::ALL`] order.
    pub fn off(&self) -> Vec<HostedTool> {
        HostedTool::ALL
            .into_iter()
            .filter(|t| !self.enabled(*t))
            .collect()
    }
}

/// Body of `POST …/hosted_tool_permissions`: only the tools named change.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdateHostedTools {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code_interpreter: Option<ToolSwitch>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_search: Option<ToolSwitch>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_generation: Option<ToolSwitch>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mcp: Option<ToolSwitch>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub web_search: Option<ToolSwitch>,
}

impl UpdateHostedTools {
    /// Turns one tool on or off, leaving the others as they are.
    pub fn one(tool: HostedTool, enabled: bool) -> Self {
        let mut body = Self::default();
        let switch = Some(ToolSwitch { enabled });
        match tool {
            HostedTool::CodeInterpreter => body.code_interpreter = switch,
            HostedTool::FileSearch => body.file_search = switch,
            HostedTool::ImageGeneration => body.image_generation = switch,
            HostedTool::Mcp => body.mcp = switch,
            HostedTool::WebSearch => body.web_search = switch,
        }
        body
    }
}

fn path(project_id: &str) -> Result<String, ApiError> {
    Ok(format!(
        "{}/hosted_tool_permissions",
        project_path(project_id)?
    ))
}

impl<T: Transport> Client<T> {
    pub async fn hosted_tools(&self, project_id: &str) -> Result<HostedToolPermissions, ApiError> {
        self.get(&path(project_id)?, &Vec::new()).await
    }

    pub async fn set_hosted_tools(
        &self,
        project_id: &str,
        body: &UpdateHostedTools,
    ) -> Result<HostedToolPermissions, ApiError> {
        self.post(&path(project_id)?, body).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_switch_names_only_its_tool() {
        let body = UpdateHostedTools::one(HostedTool::ImageGeneration, false);
        assert_eq!(
            serde_json::to_string(&body).unwrap(),
            r#"{"image_generation":{"enabled":false}}"#
        );
        let mut all = HostedToolPermissions::default();
        all.set(HostedTool::Mcp, false);
        assert_eq!(all.off(), vec![HostedTool::Mcp]);
        assert!(
            HostedTool::ALL
                .iter()
                .all(|t| HostedTool::from_wire(t.wire()) == Some(*t))
        );
    }
}
