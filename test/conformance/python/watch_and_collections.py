"""Class 1 of issue 14, judged by the official Python client (python3-kubernetes).

Watches a namespace's pods the way the client's Watch helper does (it sends `watch=True`,
Python's spelling of a boolean), then deletes a labelled set of pods with
`delete_collection_namespaced_pod` (DELETE on the collection). Prints one JSON object with what
the client saw; the TypeScript test asserts it against the apiserver's documented behaviour.
usage: watch_and_collections.py <namespace>
"""
import json
import sys

from kubernetes import client, config, watch

ns = sys.argv[1]
config.load_kube_config()
v1 = client.CoreV1Api()
out = {}

# 1. A watch with a timeout: the server must stream events (initial ADDED for every pod), then end.
types = []
try:
    for ev in watch.Watch().stream(v1.list_namespaced_pod, namespace=ns, timeout_seconds=2, _request_timeout=10):
        types.append(ev["type"])
        if len(types) > 5000:
            break
except Exception as e:  # noqa: BLE001 - report what the client raised
    out["watchError"] = "%s: %s" % (type(e).__name__, str(e)[:300])
out["watchTypes"] = sorted(set(types))
out["watchEvents"] = len(types)
out["pods"] = len(v1.list_namespaced_pod(ns).items)

# 2. deletecollection of the pods labelled purge=yes.
for i in range(3):
    v1.create_namespaced_pod(ns, {
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": "purge-%d" % i, "labels": {"purge": "yes"}},
        "spec": {"containers": [{"name": "c", "image": "nginx"}]},
    })
try:
    v1.delete_collection_namespaced_pod(ns, label_selector="purge=yes", grace_period_seconds=0)
    out["deleteCollection"] = "ok"
except client.exceptions.ApiException as e:
    out["deleteCollection"] = "%d %s" % (e.status, e.reason)
out["purgeLeft"] = len(v1.list_namespaced_pod(ns, label_selector="purge=yes").items)
out["othersLeft"] = len(v1.list_namespaced_pod(ns).items)
print(json.dumps(out))
