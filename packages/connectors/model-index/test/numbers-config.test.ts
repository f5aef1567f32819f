import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCount, parsePlainNumber, scanConfig, toTaskTag } from '../src/index.js';

describe('parseCount / parsePlainNumber', () => {
  it('reads counts written as strings with unit suffixes', () => {
    expect(parseCount('25.6M')).toEqual({ value: 25_600_000, fromString: true });
    expect(parseCount('1.2 GFLOPs')).toEqual({ value: 1_200_000_000, fromString: true });
    expect(parseCount('97.63G')).toEqual({ value: 97_630_000_000, fromString: true });
    expect(parseCount('3,500')).toEqual({ value: 3500, fromString: true });
    expect(parseCount(7352418880)).toEqual({ value: 7352418880, fromString: false });
    expect(parseCount('N/A')).toBeUndefined();
    expect(parseCount(null)).toBeUndefined();
  });

  it('reads plain numbers and percentages written as strings', () => {
    expect(parsePlainNumber('40.5')).toEqual({ value: 40.5, fromString: true });
    expect(parsePlainNumber('77.58%')).toEqual({ value: 77.58, fromString: true });
    expect(parsePlainNumber(' 12 ')).toEqual({ value: 12, fromString: true });
    expect(parsePlainNumber('bicubic')).toBeUndefined();
    expect(parsePlainNumber('40.5 (ms)')).toBeUndefined();
  });
});

describe('toTaskTag', () => {
  it('maps model-index tasks to HF pipeline tags where clear, else slugs', () => {
    expect(toTaskTag('Object Detection')).toBe('object-detection');
    expect(toTaskTag('Semantic Segmentation')).toBe('image-segmentation');
    expect(toTaskTag('Body 2D Keypoint')).toBe('keypoint-detection');
    expect(toTaskTag('3D Object Detection')).toBe('3d-object-detection');
  });
});

describe('scanConfig', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mi-cfg-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (rel: string, text: string) => {
    const p = path.join(dir, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, text);
    return p;
  };

  it('follows new-style `from .x import *` bases, drops shadowed top-level keys and ignores comments/data paths', () => {
    write('configs/_base_/models/r50.py', "model = dict(backbone=dict(init_cfg=dict(type='Pretrained', checkpoint='torchvision://resnet50')))\nload_from = 'https://x.org/base.pth'\n");
    write('configs/_base_/__init__.py', '');
    const cfg = write(
      'configs/det/m.py',
      [
        'from mmengine.config import read_base',
        'with read_base():',
        '    from .._base_.models.r50 import *',
        "load_from = None  # overrides the base's load_from",
        "# pretrained = 'https://x.org/commented.pth'",
        "data_root = 'data/coco/'",
        "teacher_ckpt = 'https://x.org/teacher.pth'",
      ].join('\n'),
    );
    const refs = scanConfig(cfg, dir);
    expect(refs.map((r) => [r.ref, r.key, r.depth])).toEqual([
      ['https://x.org/teacher.pth', 'teacher_ckpt', 0],
      ['torchvision://resnet50', 'checkpoint', 1],
    ]);
    expect(refs[0]!.line).toBe(7);
  });

  it('survives _base_ cycles and missing bases', () => {
    const a = write('cyc/a.py', "_base_ = ['./b.py', './missing.py']\nload_from = 'https://x.org/a.pth'\n");
    write('cyc/b.py', "_base_ = './a.py'\n");
    expect(scanConfig(a, dir).map((r) => r.ref)).toEqual(['https://x.org/a.pth']);
  });
});
