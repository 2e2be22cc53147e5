// Apify API v2 over HTTP (/v2/...): request queues and key-value stores
// through json/apify_dispatch.h (the dispatch `headlock exec` uses),
// key-value records as raw bodies, datasets (serve/dataset_store.h), and
// the few actor-run calls the Apify SDK makes at Actor.init()/exit().
// Answers in Apify's envelope {"data": ...}; errors as
// {"error":{"type":...,"message":...}} with Apify's status codes.
//
// Thread safety: any number of threads at once.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "json/apify_dispatch.h"
#include "serve/dataset_store.h"
#include "serve/http_server.h"
#include "serve/serve_handler.h"

namespace headlock::serve {

// Answers one call under /v2. `body` is the request body with its
// Content-Encoding undone.
HttpResponse HandleApify(json::ApifyServices& services, DatasetStore& datasets,
                         const HttpRequest& request, std::string_view body,
                         const std::optional<std::string>& token, CallRecord* record);

// Apify's error answer: {"error":{"type":type,"message":message}}.
HttpResponse ApifyError(int status, std::string_view type, std::string_view message,
                        unsigned version = 11);

}  // namespace headlock::serve
