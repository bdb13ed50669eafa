import { describe, expect, it } from 'vitest'
import { readyClass, statusClass } from './statusClass.ts'

describe('statusClass', () => {
  it('colours pod phases and reasons by severity', () => {
    expect(statusClass('Running')).toBe('ok')
    expect(statusClass('CrashLoopBackOff')).toBe('bad')
    expect(statusClass('Init:CrashLoopBackOff')).toBe('bad')
    expect(statusClass('Pending')).toBe('warn')
    expect(statusClass('Init:0/2')).toBe('warn')
    expect(statusClass('Completed')).toBe('done')
    expect(statusClass('Ready,SchedulingDisabled')).toBe('warn')
    expect(statusClass('Something new')).toBe('neutral')
  })
  it('marks READY counts short of desired', () => {
    expect(readyClass('2/2')).toBe('ok')
    expect(readyClass('1/2')).toBe('warn')
    expect(readyClass('n/a')).toBe('neutral')
  })
})
