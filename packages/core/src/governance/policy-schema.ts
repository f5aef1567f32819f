/** Copy of schemas/policy.schema.json (the authority) so the policy loader bundles without file access; test/governance-policy.test.ts fails on drift. */
export const policySchema = {
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$id": "https://modellake.dev/schemas/policy/1/policy.schema.json",
  "title": "GovernancePolicy",
  "description": "A modellake governance policy (policy as code): rules evaluated against model cards and their lineage, and who may move a model version through the approval workflow.",
  "type": "object",
  "required": [
    "version"
  ],
  "additionalProperties": false,
  "properties": {
    "version": {
      "description": "Policy file format version.",
      "const": 1
    },
    "name": {
      "description": "Human name of the policy.",
      "type": "string",
      "minLength": 1
    },
    "description": {
      "type": "string"
    },
    "rules": {
      "$ref": "#/$defs/rules"
    },
    "overrides": {
      "description": "Per-namespace adjustments: for models whose id matches, change finding severities (or switch codes off).",
      "type": "array",
      "items": {
        "type": "object",
        "required": [
          "match"
        ],
        "additionalProperties": false,
        "properties": {
          "match": {
            "$ref": "#/$defs/globs"
          },
          "severities": {
            "$ref": "#/$defs/severityMap"
          }
        }
      }
    },
    "severities": {
      "$ref": "#/$defs/severityMap"
    },
    "approvals": {
      "$ref": "#/$defs/approvals"
    }
  },
  "$defs": {
    "severity": {
      "description": "Severity of a finding.",
      "enum": [
        "error",
        "warning",
        "info"
      ]
    },
    "severityMap": {
      "description": "Finding code -> severity, or `off` to drop the finding.",
      "type": "object",
      "propertyNames": {
        "pattern": "^[a-z][a-z0-9-]*\\.[a-z0-9.-]+$"
      },
      "additionalProperties": {
        "enum": [
          "error",
          "warning",
          "info",
          "off"
        ]
      }
    },
    "globs": {
      "description": "Model id patterns; `*` matches any run of characters (e.g. `hf:acme/*`).",
      "type": "array",
      "minItems": 1,
      "items": {
        "type": "string",
        "minLength": 1
      }
    },
    "stringList": {
      "type": "array",
      "items": {
        "type": "string",
        "minLength": 1
      }
    },
    "ruleBase": {
      "description": "Members every rule may carry.",
      "type": "object",
      "properties": {
        "severity": {
          "$ref": "#/$defs/severity"
        },
        "appliesTo": {
          "$ref": "#/$defs/globs"
        },
        "except": {
          "$ref": "#/$defs/globs"
        }
      }
    },
    "rules": {
      "description": "The rules; an unknown rule name is an error.",
      "type": "object",
      "additionalProperties": false,
      "properties": {
        "requiredFields": {
          "description": "Card fields (dotted paths) that must be present and non-empty.",
          "type": "object",
          "required": [
            "fields"
          ],
          "$ref": "#/$defs/ruleBase",
          "unevaluatedProperties": false,
          "properties": {
            "fields": {
              "type": "array",
              "items": {
                "type": "string",
                "minLength": 1
              },
              "minItems": 1
            }
          }
        },
        "licenses": {
          "description": "Allowed and forbidden licenses (SPDX or hub ids, case-insensitive).",
          "type": "object",
          "$ref": "#/$defs/ruleBase",
          "unevaluatedProperties": false,
          "properties": {
            "required": {
              "type": "boolean"
            },
            "allowed": {
              "$ref": "#/$defs/stringList"
            },
            "forbidden": {
              "$ref": "#/$defs/stringList"
            },
            "forbidNonCommercialWhenCommercial": {
              "type": "boolean"
            }
          }
        },
        "datasets": {
          "description": "Approved and forbidden datasets, and data-usage approvals in the card's governance block.",
          "type": "object",
          "$ref": "#/$defs/ruleBase",
          "unevaluatedProperties": false,
          "properties": {
            "approved": {
              "$ref": "#/$defs/stringList"
            },
            "forbidden": {
              "$ref": "#/$defs/stringList"
            },
            "requireUsageApproval": {
              "type": "boolean"
            },
            "roles": {
              "type": "array",
              "items": {
                "enum": [
                  "pretraining",
                  "finetuning",
                  "evaluation",
                  "validation",
                  "other"
                ]
              }
            }
          }
        },
        "biasChecks": {
          "description": "Bias and fairness checks required for given tasks or risk levels.",
          "type": "array",
          "items": {
            "type": "object",
            "required": [
              "required"
            ],
            "$ref": "#/$defs/ruleBase",
            "unevaluatedProperties": false,
            "properties": {
              "tasks": {
                "$ref": "#/$defs/stringList"
              },
              "riskLevels": {
                "type": "array",
                "items": {
                  "enum": [
                    "minimal",
                    "limited",
                    "high",
                    "unacceptable"
                  ]
                }
              },
              "required": {
                "type": "array",
                "items": {
                  "type": "string",
                  "minLength": 1
                },
                "minItems": 1
              },
              "allowWaived": {
                "type": "boolean"
              }
            }
          }
        },
        "metrics": {
          "description": "Metric thresholds on evaluation results.",
          "type": "array",
          "items": {
            "type": "object",
            "required": [
              "metric"
            ],
            "$ref": "#/$defs/ruleBase",
            "unevaluatedProperties": false,
            "properties": {
              "metric": {
                "type": "string",
                "minLength": 1
              },
              "task": {
                "type": "string"
              },
              "dataset": {
                "type": "string"
              },
              "min": {
                "type": "number"
              },
              "max": {
                "type": "number"
              },
              "required": {
                "type": "boolean"
              }
            }
          }
        },
        "riskLevel": {
          "description": "Whether a risk level must be declared, and which levels are not acceptable.",
          "type": "object",
          "$ref": "#/$defs/ruleBase",
          "unevaluatedProperties": false,
          "properties": {
            "required": {
              "type": "boolean"
            },
            "forbidden": {
              "type": "array",
              "items": {
                "enum": [
                  "minimal",
                  "limited",
                  "high",
                  "unacceptable"
                ]
              }
            }
          }
        },
        "lineage": {
          "description": "Rules over the model's ancestors (declared and detected lineage).",
          "type": "object",
          "$ref": "#/$defs/ruleBase",
          "unevaluatedProperties": false,
          "properties": {
            "noNonCommercialAncestorsForCommercial": {
              "type": "boolean"
            },
            "forbiddenAncestorLicenses": {
              "$ref": "#/$defs/stringList"
            },
            "requireParentsInLake": {
              "type": "boolean"
            },
            "inheritObligations": {
              "type": "boolean"
            },
            "maxDepth": {
              "type": "integer",
              "minimum": 1,
              "maximum": 100
            }
          }
        },
        "cardVsReality": {
          "description": "Cross-check what the card declares against its fingerprint, lineage and evaluation sources.",
          "type": "object",
          "$ref": "#/$defs/ruleBase",
          "unevaluatedProperties": false,
          "properties": {
            "enabled": {
              "type": "boolean"
            },
            "parameterTolerance": {
              "type": "number",
              "minimum": 0,
              "maximum": 1
            },
            "checks": {
              "type": "array",
              "items": {
                "enum": [
                  "parameters",
                  "dtypes",
                  "architecture",
                  "base-model",
                  "metric-sources",
                  "parent-datasets",
                  "status"
                ]
              }
            }
          }
        },
        "citation": {
          "description": "Every model and dataset must be citable.",
          "type": "object",
          "$ref": "#/$defs/ruleBase",
          "unevaluatedProperties": false,
          "properties": {
            "requireAuthors": {
              "type": "boolean"
            },
            "requireDatasetReferences": {
              "type": "boolean"
            }
          }
        }
      }
    },
    "transitionRule": {
      "type": "object",
      "additionalProperties": false,
      "properties": {
        "roles": {
          "type": "array",
          "items": {
            "enum": [
              "reader",
              "writer",
              "admin"
            ]
          }
        },
        "users": {
          "$ref": "#/$defs/stringList"
        }
      }
    },
    "approvals": {
      "description": "Who may move a model version through draft -> review -> approved | rejected -> remediation -> review.",
      "type": "object",
      "additionalProperties": false,
      "properties": {
        "transitions": {
          "type": "object",
          "additionalProperties": false,
          "properties": {
            "submit": {
              "$ref": "#/$defs/transitionRule"
            },
            "approve": {
              "$ref": "#/$defs/transitionRule"
            },
            "reject": {
              "$ref": "#/$defs/transitionRule"
            },
            "remediate": {
              "$ref": "#/$defs/transitionRule"
            },
            "deprecate": {
              "$ref": "#/$defs/transitionRule"
            }
          }
        },
        "carryOver": {
          "description": "Whether an approval carries over to a new version: `never`, `always`, or `same-weights` (identical artifact/fingerprint hashes).",
          "enum": [
            "never",
            "always",
            "same-weights"
          ]
        },
        "blockOnSeverity": {
          "description": "Refuse `approve` while the version has findings of this severity or worse.",
          "enum": [
            "error",
            "warning",
            "info",
            "none"
          ]
        },
        "requireComment": {
          "type": "array",
          "items": {
            "enum": [
              "submit",
              "approve",
              "reject",
              "remediate",
              "deprecate"
            ]
          }
        }
      }
    }
  }
} as const;
