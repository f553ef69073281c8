"""E8: a new webhook secret for the caller's own organisation; any other is 404 (HOOK-3)."""

from __future__ import annotations

from starlette.responses import Response

from refserver.call import Call, json_response
from refserver.errors import ApiError
from refserver.webhooks import OrgSecrets


class RotateSecret:
    """Rotates in the secrets the dispatcher signs deliveries with."""

    def __init__(self, orgs: OrgSecrets) -> None:
        self.orgs = orgs

    async def __call__(self, call: Call) -> Response:
        org = str(call.params["orgId"])
        if org != call.key.org:
            raise ApiError(404, "organisation not found", "HOOK-3")
        return json_response({"secret": await self.orgs.rotate(org)}, call.op.success_status)
