import { DatabaseError } from 'pg';
import { describe, expect, it } from 'vitest';
import { databaseBusy } from './server.ts';

describe('a database with no connection to spare', () => {
  it('is said in both languages for PostgreSQL’s "too many clients", and only for such errors', () => {
    const tooMany = new DatabaseError('sorry, too many clients already', 0, 'error');
    tooMany.code = '53300';
    expect(databaseBusy(tooMany)).toEqual({
      en: 'the database is busy (no connection free): try again in a moment',
      zh: '数据库正忙（暂无空闲连接），请稍后重试',
    });
    const startingUp = new DatabaseError('the database system is starting up', 0, 'error');
    startingUp.code = '57P03';
    expect(databaseBusy(startingUp)?.zh).toContain('数据库正忙');
    const unique = new DatabaseError('duplicate key value violates unique constraint', 0, 'error');
    unique.code = '23505';
    expect(databaseBusy(unique)).toBeUndefined();
    expect(databaseBusy(new Error('sorry, too many clients already'))).toBeUndefined();
    expect(databaseBusy(undefined)).toBeUndefined();
  });
});
