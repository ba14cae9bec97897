#!/usr/bin/env python3
# A stand-in for the Azure CLI on PATH, for the sign-in tests only: answers `az account get-access-token` as az does
# (JSON with accessToken, expiresOn, expires_on, subscription, tenant, tokenType), getting each token from the emulated
# Entra ID with the service principal `az login --service-principal` would hold (AZ_STUB_* variables). Anything else fails.
import json, os, sys, time, urllib.parse, urllib.request

args = sys.argv[1:]
if args[:2] != ["account", "get-access-token"]:
    sys.stderr.write("ERROR: this az stub only answers 'az account get-access-token'\n")
    sys.exit(2)
resource = args[args.index("--resource") + 1] if "--resource" in args else args[args.index("--scope") + 1].removesuffix("/.default")
tenant = os.environ["AZ_STUB_TENANT_ID"]
form = urllib.parse.urlencode({"grant_type": "client_credentials", "client_id": os.environ["AZ_STUB_CLIENT_ID"],
                               "client_secret": os.environ["AZ_STUB_CLIENT_SECRET"], "scope": resource.rstrip("/") + "/.default"}).encode()
url = os.environ["AZ_STUB_AUTHORITY"].rstrip("/") + "/" + tenant + "/oauth2/v2.0/token"
with urllib.request.urlopen(urllib.request.Request(url, data=form), timeout=30) as response:  # TLS trusted through SSL_CERT_FILE
    answer = json.load(response)
expires = int(time.time()) + int(answer["expires_in"])
print(json.dumps({
    "accessToken": answer["access_token"],
    "expiresOn": time.strftime("%Y-%m-%d %H:%M:%S.000000", time.localtime(expires)),
    "expires_on": expires,
    "subscription": os.environ["AZ_STUB_SUBSCRIPTION_ID"],
    "tenant": tenant,
    "tokenType": "Bearer",
}, indent=2))
