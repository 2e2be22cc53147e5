// DynamoDB's JSON 1.0 protocol over HTTP: POST / with
// X-Amz-Target: DynamoDB_20120810.<Operation>, answered through the same
// dispatch table as `headlock exec` (json/ddb_dispatch.h), with DynamoDB's
// headers: x-amzn-RequestId, x-amz-crc32 (zlib's crc32 of the body) and the
// request's JSON content type (application/x-amz-json-1.0 or 1.1).
//
// SigV4 Authorization headers are accepted without verification, as
// DynamoDB Local does, and neither the region nor the access key partition
// the data: every client sees the same tables.
//
// Thread safety: as json::HandleRequest (any number of threads).
#pragma once

#include <string_view>

#include "headlock/ddb/database.h"
#include "serve/http_server.h"
#include "serve/serve_handler.h"

namespace headlock::serve {

// Answers one DynamoDB call. `body` is the request body with its
// Content-Encoding undone; `record` gets the operation and the table.
HttpResponse HandleDynamoDb(Database& db, const HttpRequest& request, std::string_view body,
                            CallRecord* record);

// DynamoDB's answer for an error found before dispatch (bad framing, a body
// that does not decode, a missing X-Amz-Target).
HttpResponse DynamoDbError(const Status& status, unsigned version = 11);

}  // namespace headlock::serve
