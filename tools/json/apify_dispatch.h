// Apify's request queue and key-value store on a Database, by apify-client's
// method names: method name + parameters (a JSON object) in, the `data`
// object Apify API v2 answers with (or its error body) out. One table maps
// each method to its handler, as json/ddb_dispatch.h does for DynamoDB, so
// that `headlock exec` and the HTTP server share it.
//
// Parameters are apify-client's (JS) names, flattened into one object, plus
// `queueId` / `storeId` (an id, a name, "~name" or "user~name", as the API's
// path accepts); `clientKey` (an option of apify-client's queue client) is a
// parameter of each request-queue method that takes one:
//
//   queues   getOrCreateQueue {name?}            -> queue (201 when created)
//            getQueue {queueId}                  -> queue
//            updateQueue {queueId, name}         -> queue (name null: unnamed; no name: unchanged)
//            deleteQueue {queueId}               -> {} (204)
//            listQueues {offset?, limit?, desc?, unnamed?}
//                -> {total,offset,limit,count,desc,unnamed,items}
//   requests addRequest {queueId, request, forefront?, clientKey?}
//                -> {requestId,wasAlreadyPresent,wasAlreadyHandled}
//            batchAddRequests {queueId, requests, forefront?, clientKey?}
//                -> {processedRequests,unprocessedRequests}
//                (any number of requests: sent in chunks of 25 as apify-client does, the
//                answers concatenated; no retries of unprocessed ones)
//            batchDeleteRequests {queueId, requests:[{id}|{uniqueKey}], clientKey?}
//                -> {processedRequests,unprocessedRequests}
//            getRequest {queueId, id}            -> request
//            updateRequest {queueId, request (with id), forefront?, clientKey?}
//                -> {requestId,wasAlreadyPresent,wasAlreadyHandled}
//                (request.handledAt: handled; without it a handled request is pending again)
//            deleteRequest {queueId, id, clientKey?}  -> {} (204)
//            listRequests {queueId, limit?, cursor? | exclusiveStartId?, clientKey?,
//                          filter? (["locked","pending","handled"] or "locked,pending")}
//                -> {limit,cursor?,nextCursor?,exclusiveStartId?,items}
//            listHead {queueId, limit?, clientKey?}
//                -> {limit,queueModifiedAt,hadMultipleClients,items}
//            listAndLockHead {queueId, lockSecs, limit? (25), clientKey}
//                -> {limit,lockSecs,queueModifiedAt,hadMultipleClients,queueHasLockedRequests,
//                    clientKey,items (each with lockExpiresAt)}
//            prolongRequestLock {queueId, id, lockSecs, forefront?, clientKey}
//                -> {lockExpiresAt}
//            deleteRequestLock {queueId, id, forefront?, clientKey}  -> {} (204)
//            unlockRequests {queueId, clientKey} -> {unlockedCount}
//   stores   getOrCreateStore {name?}            -> store (201 when created)
//            getStore {storeId}                  -> store
//            updateStore {storeId, name}         -> store
//            deleteStore {storeId}               -> {} (204)
//            listStores {offset?, limit?, desc?, unnamed?}
//                -> {total,offset,limit,count,desc,unnamed,items}
//   records  setRecord {storeId, key, value, contentType?, encoding?}  -> {} (201)
//            getRecord {storeId, key, buffer?}   -> {key,value,contentType[,encoding]}
//            recordExists {storeId, key}         -> {"exists":true|false}
//            deleteRecord {storeId, key}         -> {} (204)
//            listKeys {storeId, limit?, exclusiveStartKey?, prefix?}
//                -> {items:[{key,size}],count,limit,exclusiveStartKey,isTruncated,
//                    nextExclusiveStartKey} (the start keys explicitly null when absent)
//
// Record values, as apify-client's setRecord/getRecord treat them: without
// contentType a string value is stored as "text/plain; charset=utf-8" and any
// other JSON value as "application/json; charset=utf-8"; a non-string value
// with a JSON content type is stored as JSON text indented by 2 spaces (what
// apify-client's JSON.stringify(value, null, 2) sends); a string is stored
// as its bytes. Binary: "encoding":"base64" makes `value` the base64 of the
// bytes (default content type application/octet-stream). getRecord answers
// a JSON record with the parsed value, a text/* or *xml record with a
// string, and anything else (what apify-client returns as a Buffer), or any
// record when "buffer":true, with the base64 of its bytes and
// "encoding":"base64".
//
// Errors: {"error":{"type":...,"message":...}} with Apify's types
// (apify_json.h ApifyErrorType): an unknown method is page-not-found (what
// Apify answers for an unknown endpoint); a missing or mistyped parameter, or
// one the method does not take, is invalid-input.
//
// Thread safety: HandleApifyRequest may be called from many threads at once
// (the services are thread safe; ApifyServices opens them under a mutex).
#pragma once

#include <rapidjson/document.h>

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "headlock/ddb/database.h"
#include "headlock/queue/key_value_store.h"
#include "headlock/queue/request_queue.h"
#include "headlock/result.h"

namespace headlock::json {

struct ApifyReply {
  // 200 or 201 on success (204 for deletes, whose body here is {}); the
  // error's status otherwise (ApifyErrorHttpStatus; 404 for an unknown method).
  int http_status = 200;
  // The `data` object, or the error body. Compact JSON.
  std::string body;
  bool ok() const { return http_status < 300; }
};

// The request-queue and key-value services of one Database, each opened
// (its tables created) on first use, so that a caller that never uses them
// leaves the database as it was.
class ApifyServices {
 public:
  // `db` must outlive this object.
  explicit ApifyServices(Database* db, RequestQueueOptions queue_options = {},
                         KeyValueStoreOptions store_options = {});
  ~ApifyServices();
  ApifyServices(const ApifyServices&) = delete;
  ApifyServices& operator=(const ApifyServices&) = delete;

  // The service, opened now if it was not yet. Errors: whatever Open returns.
  Result<RequestQueueService*> Queues();
  Result<KeyValueStoreService*> Stores();

 private:
  Database* db_;
  RequestQueueOptions queue_options_;
  KeyValueStoreOptions store_options_;
  std::mutex mu_;  // guards the two below
  std::unique_ptr<RequestQueueService> queues_;
  std::unique_ptr<KeyValueStoreService> stores_;
};

// Runs one method. `params` must be a JSON object.
ApifyReply HandleApifyRequest(ApifyServices& services, std::string_view method,
                              const rapidjson::Value& params);
ApifyReply HandleApifyRequest(ApifyServices& services, std::string_view method,
                              std::string_view params_json);

// The methods HandleApifyRequest knows, in the order of the handler table.
std::vector<std::string_view> SupportedApifyMethods();

// Whether an exec line's operation name is meant for this dispatcher: it
// starts with a lower-case letter (apify-client's methods are lowerCamelCase,
// DynamoDB's operations UpperCamelCase, so the two never clash).
bool IsApifyMethodName(std::string_view name);

}  // namespace headlock::json
