/**
 * An object's owners up the chain (pod → replicaset → deployment, job → cronjob), as links.
 *
 * Why fetched: a row does not carry owner references; the object does, and so does each owner.
 * The immediate owner comes from the object itself; each further hop is one `GET` of the owner.
 * Lifecycle: walk again when the object's uid or owners change; at most MAX_HOPS requests; a
 * failed hop ends the chain where it is (the links found so far stay).
 */
import { useEffect, useState } from 'react'
import { fetchObject } from '../api/client.ts'
import { ownerLinks } from '../stores/describe/related.ts'
import type { Link } from '../stores/describe/related.ts'

/** Deeper chains are not built by Kubernetes' own controllers (pod → rs → deployment is 2). */
const MAX_HOPS = 4

/** @returns the owners, nearest first (each hop's controller). */
export function useOwnerChain(cluster: string, object: Readonly<Record<string, unknown>> | null, namespace: string): readonly Link[] {
  const first = object ? ownerLinks(object, namespace)[0] : undefined
  const [chain, setChain] = useState<readonly Link[]>([])
  const sig = first ? `${cluster}\n${first.kind}\n${first.namespace}\n${first.name}` : ''
  useEffect(() => {
    if (!first) {
      setChain([])
      return
    }
    let alive = true
    const links: Link[] = [first]
    setChain([first])
    const walk = async (): Promise<void> => {
      let cur: Link = first
      for (let hop = 1; hop < MAX_HOPS; hop++) {
        const res = await fetchObject(cluster, cur.kind, cur.name, cur.namespace || undefined)
        const next = ownerLinks((res.object ?? {}) as Record<string, unknown>, cur.namespace)[0]
        if (!alive || !next) return
        links.push(next)
        setChain([...links])
        cur = next
      }
    }
    walk().catch(() => undefined)
    return () => {
      alive = false
    }
    // `sig` names `first` (a new object with the same owner need not walk again).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [sig])
  return chain
}
