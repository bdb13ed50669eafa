"""Class 4 of issue 14, judged by the official Python client (python3-kubernetes).

Deletes a namespace with `delete_namespace`, reads its status while it is Terminating (the
namespace controller's conditions), and polls `read_namespace` until it answers 404.
Prints one JSON object with what the client saw.
usage: delete_namespace.py <namespace> <timeout seconds>
"""
import json
import sys
import time

from kubernetes import client, config

ns, timeout = sys.argv[1], float(sys.argv[2])
config.load_kube_config()
v1 = client.CoreV1Api()
out = {"conditions": {}}
v1.delete_namespace(ns)
start = time.time()
while time.time() - start < timeout:
    try:
        n = v1.read_namespace(ns)
        out["phase"] = n.status.phase
        for c in n.status.conditions or []:
            out["conditions"].setdefault(c.type, []).append([c.status, c.reason, c.message])
    except client.exceptions.ApiException as e:
        out["gone"] = e.status
        break
    time.sleep(0.25)
out["seconds"] = round(time.time() - start, 1)
print(json.dumps(out))
