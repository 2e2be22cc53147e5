// Apify API v2's JSON for the request queue and the key-value store: the
// engine's typed results (request_queue.h, key_value_store.h) as the `data`
// objects Apify answers with, requests parsed from Apify's request object,
// and Apify's error body {"error":{"type":...,"message":...}}
// (reference/apify-request-queue.md §0-§5).
//
// Conventions, as Apify's API: camelCase field names, times as ISO 8601 UTC
// with milliseconds ("2026-11-23T10:00:00.000Z"), fields that are null or
// absent in the engine's value omitted (the one exception is listKeys'
// exclusiveStartKey / nextExclusiveStartKey, which are explicitly null on the
// first / last page because apify-client loops while the latter is not null).
//
// Thread safety: pure functions.
#pragma once

#include <rapidjson/document.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "headlock/queue/key_value_store.h"
#include "headlock/queue/request_queue.h"
#include "headlock/result.h"
#include "headlock/status.h"
#include "headlock/time.h"

namespace headlock::json {

using ApifyAllocator = rapidjson::Document::AllocatorType;

// ------------------------------------------------------------------ times

// Apify's times are JavaScript's Date#toISOString: ISO 8601 UTC with
// milliseconds. The calendar and its rules (no second 60, no 2026-02-31)
// are headlock/time.h's; these names say which format the API speaks.

// "2026-11-23T10:00:00.000Z" for ms since the epoch (UTC, milliseconds).
inline std::string FormatIsoMillis(int64_t ms) { return FormatUtcMillis(ms); }
// Parses "YYYY-MM-DDTHH:MM:SS[.fff]Z" (what FormatIsoMillis writes, and what
// JavaScript's Date#toISOString writes). nullopt if it is not such a time.
inline std::optional<int64_t> ParseIsoMillis(std::string_view text) { return ParseUtcMillis(text); }

// ------------------------------------------------------------------ errors

// Apify's error `type` for a failed Status: record-not-found,
// request-handled-or-locked (kRequestLocked and kRequestAlreadyHandled),
// invalid-input (also for DynamoDB validation and serialization errors),
// invalid-record-key, request-too-large, rate-limit-exceeded (DynamoDB's
// ProvisionedThroughputExceeded, Throttling and RequestLimitExceeded),
// internal-server-error for anything else. REQUIRES: !status.ok().
std::string_view ApifyErrorType(const Status& status);
// The HTTP status Apify answers that type with: 404, 409, 400, 400, 413,
// 429, 500. REQUIRES: !status.ok().
int ApifyErrorHttpStatus(const Status& status);
// {"error":{"type":"...","message":"..."}} as compact JSON.
std::string ApifyErrorToJsonString(const Status& status);

// ------------------------------------------------------------------ queues

// The queue object: id, name?, createdAt, modifiedAt, accessedAt, expireAt?,
// totalRequestCount, handledRequestCount, pendingRequestCount,
// hadMultipleClients.
rapidjson::Value QueueInfoToJson(const QueueInfo& queue, ApifyAllocator& alloc);

// The full request object (getRequest, listRequests): id, uniqueKey, url,
// method, payload?, headers?, userData?, retryCount, noRetry (only when
// true), errorMessages (only when not empty), loadedUrl?, handledAt?,
// lockExpiresAt? and lockByClient? (a live lock only).
rapidjson::Value RequestToJson(const QueueRequest& request, ApifyAllocator& alloc);
// A head item (listHead, listAndLockHead): id, uniqueKey, url, method,
// retryCount, and lockExpiresAt when locked.
rapidjson::Value HeadItemToJson(const QueueRequest& request, ApifyAllocator& alloc);

// Apify's request object -> QueueRequest. `id` and `handledAt` (ISO 8601)
// are taken when present; headers and userData must be objects and are kept
// as compact JSON text; lockExpiresAt / lockByClient / orderNo are output
// fields and ignored. Errors: kInvalidInput naming the field (`what` names
// the object in messages, e.g. "request" or "requests[3]").
Result<QueueRequest> ParseRequest(const rapidjson::Value& json, std::string_view what);

// {requestId, wasAlreadyPresent, wasAlreadyHandled}
rapidjson::Value AddRequestResultToJson(const AddRequestResult& result, ApifyAllocator& alloc);
rapidjson::Value BatchAddResultToJson(const BatchAddResult& result, ApifyAllocator& alloc);
rapidjson::Value BatchDeleteResultToJson(const BatchDeleteResult& result, ApifyAllocator& alloc);
rapidjson::Value ListHeadResultToJson(const ListHeadResult& result, ApifyAllocator& alloc);
rapidjson::Value LockedHeadToJson(const LockedHead& result, ApifyAllocator& alloc);
rapidjson::Value ListQueuesResultToJson(const ListQueuesResult& result, ApifyAllocator& alloc);
// {limit, cursor?, nextCursor?, exclusiveStartId?, items}; cursors wrapped
// with EncodeRequestCursor.
rapidjson::Value ListRequestsResultToJson(const ListRequestsResult& result,
                                          const ListRequestsOptions& options,
                                          ApifyAllocator& alloc);

// listRequests cursors as Apify writes them: base64url (no padding) of
// {"requestId":"<the last id of the page>"}. Decode accepts exactly that
// and fails with kInvalidInput otherwise.
std::string EncodeRequestCursor(std::string_view request_id);
Result<std::string> DecodeRequestCursor(std::string_view cursor);

// ------------------------------------------------------------------ key-value stores

// The store object: id, name?, createdAt, modifiedAt, accessedAt.
rapidjson::Value StoreInfoToJson(const KeyValueStoreInfo& store, ApifyAllocator& alloc);
// {total, offset, limit, count, desc, unnamed, items}
rapidjson::Value ListStoresResultToJson(const ListStoresResult& result, bool unnamed,
                                        ApifyAllocator& alloc);
// {items:[{key,size}], count, limit, exclusiveStartKey, isTruncated,
// nextExclusiveStartKey} with both start keys explicitly null when absent.
rapidjson::Value ListKeysResultToJson(const ListKeysResult& result, ApifyAllocator& alloc);

// Whether a content type is JSON for apify-client (it matches
// /^application\/json/, so "application/json; charset=utf-8" is).
bool IsJsonContentType(std::string_view content_type);
// Whether apify-client returns a record of this type as a string: text/*
// or a type that contains "xml" (everything else that is not JSON comes back
// as a Buffer).
bool IsTextContentType(std::string_view content_type);
// Whether `bytes` are valid UTF-8 (JSON strings must be).
bool IsValidUtf8(std::string_view bytes);

// getRecord's answer {key, value, contentType} as apify-client returns it:
// JSON records as the parsed JSON value, text records as a string, and
// anything else (or any record when `as_buffer`, or a text record that is
// not valid UTF-8, or a JSON record that does not parse) as the base64 of
// its bytes with "encoding":"base64".
rapidjson::Value RecordToJson(const KeyValueRecord& record, bool as_buffer, ApifyAllocator& alloc);

}  // namespace headlock::json
