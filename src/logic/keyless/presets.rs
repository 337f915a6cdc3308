//! Where workload tokens come from: each preset fills the issuer and the usual audience, and
//! names the claims that pin a rule to one workload, with an example token's values. Everything
//! stays editable.

/// A claim a rule can match, with an example value and what it means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Claim {
    pub name: &'static str,
    pub example: &'static str,
    pub says: &'static str,
    /// It pins the rule to one workload (a repository, a project, an identity).
    pub pins: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Preset {
    pub id: &'static str,
    pub label: &'static str,
    /// `{…}` parts are the user's to fill.
    pub issuer: &'static str,
    pub audience: &'static str,
    /// Anyone can get a token from this issuer (GitHub, GitLab.com, Google): a rule must pin.
    pub public: bool,
    pub claims: &'static [Claim],
}

const fn c(name: &'static str, example: &'static str, says: &'static str, pins: bool) -> Claim {
    Claim {
        name,
        example,
        says,
        pins,
    }
}

pub const PRESETS: &[Preset] = &[
    Preset {
        id: "github",
        label: "GitHub Actions",
        issuer: "https://token.actions.githubusercontent.com",
        audience: "https://github.com/{owner}",
        public: true,
        claims: &[
            c(
                "repository",
                "acme/api",
                "The repository, owner/name.",
                true,
            ),
            c(
                "repository_owner",
                "acme",
                "The account that owns it.",
                true,
            ),
            c(
                "ref",
                "refs/heads/main",
                "The branch or tag that ran.",
                false,
            ),
            c(
                "environment",
                "production",
                "The deployment environment.",
                false,
            ),
            c("workflow", "deploy", "The workflow's name.", false),
        ],
    },
    Preset {
        id: "gitlab",
        label: "GitLab CI",
        issuer: "https://gitlab.com",
        audience: "https://gitlab.com",
        public: true,
        claims: &[
            c("project_path", "acme/api", "The project, group/name.", true),
            c("namespace_path", "acme", "The group that owns it.", true),
            c("ref", "main", "The branch or tag that ran.", false),
            c(
                "environment",
                "production",
                "The deployment environment.",
                false,
            ),
        ],
    },
    Preset {
        id: "gcp",
        label: "Google Cloud",
        issuer: "https://accounts.google.com",
        audience: "https://api.openai.com",
        public: true,
        claims: &[
            c(
                "email",
                "runner@acme.iam.gserviceaccount.com",
                "The Google service account.",
                true,
            ),
            c("sub", "117293847561029384756", "Its unique ID.", true),
        ],
    },
    Preset {
        id: "aws",
        label: "AWS",
        issuer: "https://{id}.tokens.sts.global.api.aws",
        audience: "https://api.openai.com",
        public: false,
        claims: &[c(
            "sub",
            "arn:aws:iam::123456789012:role/deployer",
            "The IAM role.",
            true,
        )],
    },
    Preset {
        id: "azure",
        label: "Azure",
        issuer: "https://login.microsoftonline.com/{tenant}/v2.0",
        audience: "api://AzureADTokenExchange",
        public: false,
        claims: &[
            c(
                "sub",
                "6a2f1b9c-0000-4e5f-9a1b-2c3d4e5f6a7b",
                "The managed identity.",
                true,
            ),
            c(
                "tid",
                "72f988bf-0000-41af-91ab-2d7cd011db47",
                "The tenant.",
                false,
            ),
        ],
    },
];

/// The preset whose issuer this is (a filled-in `{…}` still matches its pattern).
pub fn for_issuer(issuer: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| matches_pattern(p.issuer, issuer))
}

fn matches_pattern(pattern: &str, s: &str) -> bool {
    let mut rest = s;
    for (i, part) in pattern.split(['{', '}']).enumerate() {
        if i % 2 == 1 {
            continue; // a placeholder: anything up to the next literal part
        }
        if i == 0 {
            let Some(r) = rest.strip_prefix(part) else {
                return false;
            };
            rest = r;
        } else if part.is_empty() {
            rest = "";
        } else {
            let Some(at) = rest.find(part) else {
                return false;
            };
            rest = &rest[at + part.len()..];
        }
    }
    rest.is_empty()
}
