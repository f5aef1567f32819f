/* eslint-disable */
/** Generated from schemas/*.schema.json by `pnpm gen`. Do not edit by hand. */

/** schemas/model-card.schema.json */
export const modelCardSchema = {
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$id": "https://modellake.dev/schemas/model-card/1.0.0/model-card.schema.json",
  "title": "ModelCard",
  "description": "The modellake model card: what a source said about one version of one model.",
  "type": "object",
  "required": [
    "cardVersion",
    "id",
    "name"
  ],
  "additionalProperties": false,
  "properties": {
    "cardVersion": {
      "description": "Version of this schema the card was written for.",
      "const": "1.0"
    },
    "id": {
      "description": "Stable model id: `<source>:<native id>`, e.g. `hf:google-bert/bert-base-uncased`.",
      "type": "string",
      "pattern": "^[a-z][a-z0-9-]{0,31}:(?!(?:[^/]*/)*(?:\\.\\.?|-)?(?:/|$))[^\\s\\u0000-\\u001f\\u007f-\\u009f\\u061c\\u200b-\\u200f\\u2028-\\u202e\\u2060\\u2066-\\u2069\\ufeff](?:[^\\u0000-\\u001f\\u007f-\\u009f\\u061c\\u200b-\\u200f\\u2028-\\u202e\\u2060\\u2066-\\u2069\\ufeff]{0,398}[^\\s\\u0000-\\u001f\\u007f-\\u009f\\u061c\\u200b-\\u200f\\u2028-\\u202e\\u2060\\u2066-\\u2069\\ufeff])?$"
    },
    "version": {
      "description": "Source revision of this card: commit sha, registry version, semver, content hash.",
      "type": "string",
      "minLength": 1,
      "maxLength": 200
    },
    "aliases": {
      "description": "Other ids this model is known by (renamed repos, registry aliases).",
      "type": "array",
      "items": {
        "type": "string",
        "pattern": "^[a-z][a-z0-9-]{0,31}:(?!(?:[^/]*/)*(?:\\.\\.?|-)?(?:/|$))[^\\s\\u0000-\\u001f\\u007f-\\u009f\\u061c\\u200b-\\u200f\\u2028-\\u202e\\u2060\\u2066-\\u2069\\ufeff](?:[^\\u0000-\\u001f\\u007f-\\u009f\\u061c\\u200b-\\u200f\\u2028-\\u202e\\u2060\\u2066-\\u2069\\ufeff]{0,398}[^\\s\\u0000-\\u001f\\u007f-\\u009f\\u061c\\u200b-\\u200f\\u2028-\\u202e\\u2060\\u2066-\\u2069\\ufeff])?$"
      },
      "uniqueItems": true
    },
    "name": {
      "description": "Human name of the model.",
      "type": "string",
      "minLength": 1,
      "maxLength": 500
    },
    "description": {
      "description": "Free text (Markdown) describing the model.",
      "type": "string",
      "maxLength": 200000
    },
    "authors": {
      "type": "array",
      "items": {
        "$ref": "#/$defs/person"
      }
    },
    "organisation": {
      "type": "string"
    },
    "created": {
      "type": "string",
      "format": "date-time"
    },
    "updated": {
      "type": "string",
      "format": "date-time"
    },
    "license": {
      "description": "SPDX identifier or Hugging Face license id (e.g. `apache-2.0`, `llama3.1`, `other`).",
      "type": "string",
      "minLength": 1
    },
    "licenseUrl": {
      "type": "string",
      "format": "uri"
    },
    "tags": {
      "$ref": "#/$defs/stringList"
    },
    "tasks": {
      "description": "Tasks in Hugging Face pipeline-tag vocabulary where possible (e.g. `text-generation`).",
      "$ref": "#/$defs/stringList"
    },
    "domains": {
      "description": "Application domains (legal, medical, vision, ...).",
      "$ref": "#/$defs/stringList"
    },
    "languages": {
      "description": "Natural languages (ISO 639-1 where known).",
      "$ref": "#/$defs/stringList"
    },
    "paper": {
      "$ref": "#/$defs/reference"
    },
    "architecture": {
      "$ref": "#/$defs/architecture"
    },
    "training": {
      "$ref": "#/$defs/training"
    },
    "evaluation": {
      "$ref": "#/$defs/evaluation"
    },
    "lineage": {
      "$ref": "#/$defs/lineage"
    },
    "usage": {
      "$ref": "#/$defs/usage"
    },
    "governance": {
      "$ref": "#/$defs/governance"
    },
    "artifacts": {
      "type": "array",
      "items": {
        "$ref": "#/$defs/artifact"
      }
    },
    "fingerprint": {
      "$ref": "fingerprint.schema.json"
    },
    "source": {
      "$ref": "#/$defs/source"
    },
    "extensions": {
      "description": "Namespaced free-form data from sources, so no source loses information (e.g. `hf`, `mlflow`, `model-index`).",
      "type": "object",
      "propertyNames": {
        "pattern": "^[a-z0-9][a-z0-9._-]{0,63}$"
      },
      "additionalProperties": {
        "type": "object",
        "additionalProperties": true
      }
    }
  },
  "$defs": {
    "stringList": {
      "type": "array",
      "items": {
        "type": "string",
        "minLength": 1
      },
      "uniqueItems": true
    },
    "scalar": {
      "type": [
        "string",
        "number",
        "boolean",
        "null"
      ]
    },
    "person": {
      "type": "object",
      "required": [
        "name"
      ],
      "additionalProperties": false,
      "properties": {
        "name": {
          "type": "string",
          "minLength": 1
        },
        "email": {
          "type": "string"
        },
        "url": {
          "type": "string"
        },
        "organisation": {
          "type": "string"
        }
      }
    },
    "reference": {
      "description": "A citable work: paper, dataset page, report.",
      "type": "object",
      "additionalProperties": false,
      "properties": {
        "title": {
          "type": "string"
        },
        "url": {
          "type": "string"
        },
        "authors": {
          "type": "array",
          "items": {
            "type": "string"
          }
        },
        "year": {
          "type": "integer",
          "minimum": 1900,
          "maximum": 2200
        },
        "doi": {
          "type": "string"
        },
        "arxiv": {
          "type": "string"
        }
      }
    },
    "architecture": {
      "type": "object",
      "additionalProperties": false,
      "properties": {
        "family": {
          "description": "Architecture family (e.g. `llama`, `bert`, `resnet`, `faster-rcnn`).",
          "type": "string"
        },
        "type": {
          "description": "Concrete model class (e.g. `LlamaForCausalLM`, `RandomForestClassifier`).",
          "type": "string"
        },
        "library": {
          "description": "Library or framework (e.g. `transformers`, `peft`, `sklearn`, `mmdet`, `timm`).",
          "type": "string"
        },
        "parameters": {
          "description": "Total parameter count.",
          "type": "integer",
          "minimum": 0
        },
        "flops": {
          "description": "FLOPs per forward pass as reported by the source.",
          "type": "number",
          "minimum": 0
        },
        "layers": {
          "type": "integer",
          "minimum": 0
        },
        "hiddenSize": {
          "type": "integer",
          "minimum": 0
        },
        "attentionHeads": {
          "type": "integer",
          "minimum": 0
        },
        "vocabSize": {
          "type": "integer",
          "minimum": 0
        },
        "contextLength": {
          "type": "integer",
          "minimum": 0
        },
        "components": {
          "description": "Named building blocks (backbone, neck, head, techniques).",
          "$ref": "#/$defs/stringList"
        },
        "dtypes": {
          "$ref": "#/$defs/stringList"
        },
        "formats": {
          "description": "File formats (safetensors, gguf, onnx, pickle, pytorch).",
          "$ref": "#/$defs/stringList"
        },
        "quantization": {
          "description": "Quantization scheme (e.g. `Q4_K_M`, `gptq-4bit`).",
          "type": "string"
        },
        "config": {
          "description": "Framework config as the source gave it (e.g. HF config.json).",
          "type": "object",
          "additionalProperties": true
        }
      }
    },
    "dataset": {
      "type": "object",
      "required": [
        "name"
      ],
      "additionalProperties": false,
      "properties": {
        "name": {
          "type": "string",
          "minLength": 1
        },
        "id": {
          "description": "Dataset id where known (e.g. `hf:HuggingFaceH4/ultrachat_200k`).",
          "type": "string"
        },
        "role": {
          "enum": [
            "pretraining",
            "finetuning",
            "evaluation",
            "validation",
            "other"
          ]
        },
        "uri": {
          "type": "string"
        },
        "version": {
          "type": "string"
        },
        "digest": {
          "description": "Content hash of the data (md5, sha256, MLflow dataset digest).",
          "type": "string"
        },
        "split": {
          "type": "string"
        },
        "license": {
          "type": "string"
        },
        "citation": {
          "$ref": "#/$defs/reference"
        }
      }
    },
    "training": {
      "type": "object",
      "additionalProperties": false,
      "properties": {
        "datasets": {
          "type": "array",
          "items": {
            "$ref": "#/$defs/dataset"
          }
        },
        "procedure": {
          "type": "string"
        },
        "techniques": {
          "$ref": "#/$defs/stringList"
        },
        "hyperparameters": {
          "type": "object",
          "additionalProperties": {
            "$ref": "#/$defs/scalar"
          }
        },
        "compute": {
          "type": "string"
        },
        "epochs": {
          "type": "number",
          "minimum": 0
        }
      }
    },
    "metric": {
      "type": "object",
      "required": [
        "type",
        "value"
      ],
      "additionalProperties": false,
      "properties": {
        "type": {
          "type": "string",
          "minLength": 1
        },
        "name": {
          "type": "string"
        },
        "value": {
          "type": [
            "number",
            "string"
          ]
        },
        "config": {
          "type": "string"
        },
        "verified": {
          "type": "boolean"
        }
      }
    },
    "evaluationResult": {
      "description": "One result block in the Hugging Face model-index shape.",
      "type": "object",
      "required": [
        "task",
        "metrics"
      ],
      "additionalProperties": false,
      "properties": {
        "task": {
          "type": "object",
          "required": [
            "type"
          ],
          "additionalProperties": false,
          "properties": {
            "type": {
              "type": "string"
            },
            "name": {
              "type": "string"
            }
          }
        },
        "dataset": {
          "type": "object",
          "required": [
            "name"
          ],
          "additionalProperties": false,
          "properties": {
            "type": {
              "type": "string"
            },
            "name": {
              "type": "string"
            },
            "config": {
              "type": "string"
            },
            "split": {
              "type": "string"
            },
            "revision": {
              "type": "string"
            },
            "args": {
              "type": "object",
              "additionalProperties": true
            }
          }
        },
        "metrics": {
          "type": "array",
          "minItems": 1,
          "items": {
            "$ref": "#/$defs/metric"
          }
        },
        "source": {
          "description": "Where the result comes from (leaderboard, paper, run).",
          "type": "object",
          "additionalProperties": false,
          "properties": {
            "name": {
              "type": "string"
            },
            "url": {
              "type": "string"
            }
          }
        }
      }
    },
    "evaluation": {
      "type": "object",
      "additionalProperties": false,
      "properties": {
        "results": {
          "type": "array",
          "items": {
            "$ref": "#/$defs/evaluationResult"
          }
        }
      }
    },
    "relation": {
      "enum": [
        "finetune",
        "adapter",
        "quantized",
        "merge",
        "distillation",
        "continued-pretraining",
        "version",
        "conversion",
        "pretrain",
        "other"
      ]
    },
    "parent": {
      "type": "object",
      "required": [
        "id"
      ],
      "additionalProperties": false,
      "properties": {
        "id": {
          "description": "Parent model id (may name a model not yet in the lake).",
          "type": "string",
          "minLength": 1
        },
        "version": {
          "type": "string"
        },
        "relation": {
          "$ref": "#/$defs/relation"
        },
        "declaredBy": {
          "description": "Where the claim came from (e.g. `hf:base_model`, `peft:adapter_config`, `dvc.lock`).",
          "type": "string"
        },
        "weight": {
          "description": "Share of the parent in a merge.",
          "type": "number"
        },
        "note": {
          "type": "string"
        }
      }
    },
    "lineage": {
      "type": "object",
      "additionalProperties": false,
      "properties": {
        "parents": {
          "type": "array",
          "items": {
            "$ref": "#/$defs/parent"
          }
        }
      }
    },
    "usage": {
      "type": "object",
      "additionalProperties": false,
      "properties": {
        "intendedUses": {
          "type": "array",
          "items": {
            "type": "string"
          }
        },
        "outOfScopeUses": {
          "type": "array",
          "items": {
            "type": "string"
          }
        },
        "limitations": {
          "type": "array",
          "items": {
            "type": "string"
          }
        },
        "examples": {
          "type": "array",
          "items": {
            "type": "object",
            "additionalProperties": false,
            "properties": {
              "title": {
                "type": "string"
              },
              "input": {},
              "output": {}
            }
          }
        },
        "howToUse": {
          "type": "string"
        }
      }
    },
    "biasCheck": {
      "type": "object",
      "required": [
        "name",
        "status"
      ],
      "additionalProperties": false,
      "properties": {
        "name": {
          "type": "string"
        },
        "status": {
          "enum": [
            "passed",
            "failed",
            "pending",
            "waived"
          ]
        },
        "metric": {
          "type": "string"
        },
        "value": {
          "type": "number"
        },
        "threshold": {
          "type": "number"
        },
        "date": {
          "type": "string"
        },
        "reference": {
          "type": "string"
        },
        "notes": {
          "type": "string"
        }
      }
    },
    "governance": {
      "type": "object",
      "additionalProperties": false,
      "properties": {
        "owner": {
          "type": "string"
        },
        "status": {
          "enum": [
            "draft",
            "review",
            "approved",
            "rejected",
            "remediation",
            "deprecated"
          ]
        },
        "riskLevel": {
          "enum": [
            "minimal",
            "limited",
            "high",
            "unacceptable"
          ]
        },
        "commercialUse": {
          "type": "boolean"
        },
        "compliance": {
          "$ref": "#/$defs/stringList"
        },
        "dataUsageApprovals": {
          "type": "array",
          "items": {
            "type": "object",
            "required": [
              "dataset"
            ],
            "additionalProperties": false,
            "properties": {
              "dataset": {
                "type": "string"
              },
              "approvedBy": {
                "type": "string"
              },
              "approvedAt": {
                "type": "string"
              },
              "scope": {
                "type": "string"
              },
              "reference": {
                "type": "string"
              },
              "expires": {
                "type": "string"
              }
            }
          }
        },
        "biasChecks": {
          "type": "array",
          "items": {
            "$ref": "#/$defs/biasCheck"
          }
        },
        "contact": {
          "type": "string"
        }
      }
    },
    "artifact": {
      "type": "object",
      "required": [
        "path"
      ],
      "additionalProperties": false,
      "properties": {
        "path": {
          "type": "string",
          "minLength": 1
        },
        "size": {
          "type": "integer",
          "minimum": 0
        },
        "sha256": {
          "type": "string",
          "pattern": "^[0-9a-f]{64}$"
        },
        "md5": {
          "type": "string",
          "pattern": "^[0-9a-f]{32}$"
        },
        "format": {
          "type": "string"
        },
        "uri": {
          "type": "string"
        },
        "lfs": {
          "type": "boolean"
        }
      }
    },
    "source": {
      "type": "object",
      "required": [
        "system"
      ],
      "additionalProperties": false,
      "properties": {
        "system": {
          "enum": [
            "huggingface",
            "mlflow",
            "dvc",
            "github",
            "model-index",
            "local",
            "manual"
          ]
        },
        "uri": {
          "type": "string"
        },
        "revision": {
          "type": "string"
        },
        "connector": {
          "type": "string"
        },
        "connectorVersion": {
          "type": "string"
        },
        "importedAt": {
          "type": "string",
          "format": "date-time"
        },
        "repository": {
          "type": "string"
        },
        "commit": {
          "type": "string"
        },
        "ref": {
          "type": "string"
        },
        "runUrl": {
          "type": "string"
        },
        "actor": {
          "type": "string"
        },
        "path": {
          "type": "string"
        }
      }
    }
  }
} as const;

/** schemas/fingerprint.schema.json */
export const fingerprintSchema = {
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$id": "https://modellake.dev/schemas/model-card/1.0.0/fingerprint.schema.json",
  "title": "Fingerprint",
  "description": "Architecture signature and weight sketch of a model, computed from its files. Opaque to the card; produced and compared by @modellake/fingerprint.",
  "type": "object",
  "required": [
    "version",
    "architecture"
  ],
  "additionalProperties": false,
  "properties": {
    "version": {
      "description": "Fingerprint format version.",
      "type": "integer",
      "minimum": 1
    },
    "algorithm": {
      "description": "Sketch algorithm id, e.g. `mlfp-1`.",
      "type": "string"
    },
    "architecture": {
      "type": "object",
      "required": [
        "signature"
      ],
      "additionalProperties": false,
      "properties": {
        "signature": {
          "description": "Hash of the tensor layout (names, shapes) independent of dtype.",
          "type": "string",
          "minLength": 8
        },
        "modelType": {
          "type": "string"
        },
        "tensorCount": {
          "type": "integer",
          "minimum": 0
        },
        "parameters": {
          "type": "integer",
          "minimum": 0
        },
        "dtypes": {
          "type": "array",
          "items": {
            "type": "string"
          }
        },
        "config": {
          "type": "object",
          "additionalProperties": true
        }
      }
    },
    "files": {
      "type": "array",
      "items": {
        "type": "object",
        "required": [
          "path"
        ],
        "additionalProperties": false,
        "properties": {
          "path": {
            "type": "string"
          },
          "format": {
            "type": "string"
          },
          "size": {
            "type": "integer",
            "minimum": 0
          },
          "sha256": {
            "type": "string"
          }
        }
      }
    },
    "adapter": {
      "description": "Set when the files are a PEFT adapter rather than full weights.",
      "type": "object",
      "additionalProperties": true,
      "properties": {
        "type": {
          "type": "string"
        },
        "baseModel": {
          "type": "string"
        },
        "rank": {
          "type": "integer"
        },
        "alpha": {
          "type": "number"
        },
        "targetModules": {
          "type": "array",
          "items": {
            "type": "string"
          }
        }
      }
    },
    "tensors": {
      "type": "array",
      "items": {
        "type": "object",
        "required": [
          "name",
          "dtype",
          "shape"
        ],
        "additionalProperties": false,
        "properties": {
          "name": {
            "type": "string"
          },
          "dtype": {
            "type": "string"
          },
          "shape": {
            "type": "array",
            "items": {
              "type": "integer",
              "minimum": 0
            }
          },
          "hash": {
            "description": "Content hash of the raw tensor bytes (hex).",
            "type": "string"
          },
          "valueHash": {
            "description": "Hash of the sampled values rounded to bf16 (hex): equal across most precision casts; casts are confirmed on samples and exact moments.",
            "type": "string"
          },
          "count": {
            "type": "integer",
            "minimum": 0
          },
          "mean": {
            "type": "number"
          },
          "std": {
            "type": "number"
          },
          "min": {
            "type": "number"
          },
          "max": {
            "type": "number"
          },
          "l2": {
            "type": "number"
          },
          "samples": {
            "description": "Values at positions fixed by the tensor name and shape (algorithm `mlfp-1`: a 16x16 row/column grid for matrices, 256 positions for vectors), float32 little-endian, base64.",
            "type": "string"
          }
        }
      }
    },
    "extra": {
      "type": "object",
      "additionalProperties": true
    }
  }
} as const;
