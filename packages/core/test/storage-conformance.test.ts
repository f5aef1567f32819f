import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { __internal_testStorageDriver } from './conformance.js';
import { MemoryStorage, SqliteStorage } from '@modellake/core';

__internal_testStorageDriver('sqlite (file, WAL)', () => new SqliteStorage({ file: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ml-sqlite-')), 'lake.db') }));
__internal_testStorageDriver('sqlite (:memory:)', () => new SqliteStorage({ file: ':memory:' }));
__internal_testStorageDriver('memory', () => new MemoryStorage());
