#include "curl_shim.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The few parts of libcurl's stable ABI this shim uses (curl/curl.h). */
typedef void CURL;
struct curl_slist;
typedef int CURLcode;
enum {
    CURLE_OK = 0,
    CURLE_OPERATION_TIMEDOUT = 28,
    CURL_GLOBAL_DEFAULT = 3,
    CURLOPT_WRITEDATA = 10001,
    CURLOPT_URL = 10002,
    CURLOPT_POSTFIELDS = 10015,
    CURLOPT_HTTPHEADER = 10023,
    CURLOPT_CUSTOMREQUEST = 10036,
    CURLOPT_WRITEFUNCTION = 20011,
    CURLOPT_POSTFIELDSIZE = 60,
    CURLOPT_NOSIGNAL = 99,
    CURLOPT_TIMEOUT_MS = 155,
    CURLOPT_CONNECTTIMEOUT_MS = 156,
    CURLINFO_RESPONSE_CODE = 0x200002,
};

static struct {
    void *handle;
    char error[256];
    CURLcode (*global_init)(long);
    CURL *(*easy_init)(void);
    CURLcode (*easy_setopt)(CURL *, int, ...);
    CURLcode (*easy_perform)(CURL *);
    CURLcode (*easy_getinfo)(CURL *, int, ...);
    void (*easy_cleanup)(CURL *);
    const char *(*easy_strerror)(CURLcode);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
} curl;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;

static void *symbol(const char *name) {
    void *found = dlsym(curl.handle, name);
    if (!found && curl.error[0] == 0) snprintf(curl.error, sizeof curl.error, "libcurl has no %s", name);
    return found;
}

static void load(void) {
    const char *names[] = {"libcurl.so.4", "libcurl-gnutls.so.4", "libcurl.so"};
    for (size_t i = 0; i < sizeof names / sizeof names[0] && !curl.handle; i++) {
        curl.handle = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    }
    if (!curl.handle) {
        snprintf(curl.error, sizeof curl.error, "libcurl.so.4 is not installed (Debian package libcurl4)");
        return;
    }
    curl.global_init = (CURLcode(*)(long))symbol("curl_global_init");
    curl.easy_init = (CURL * (*)(void)) symbol("curl_easy_init");
    curl.easy_setopt = (CURLcode(*)(CURL *, int, ...))symbol("curl_easy_setopt");
    curl.easy_perform = (CURLcode(*)(CURL *))symbol("curl_easy_perform");
    curl.easy_getinfo = (CURLcode(*)(CURL *, int, ...))symbol("curl_easy_getinfo");
    curl.easy_cleanup = (void (*)(CURL *))symbol("curl_easy_cleanup");
    curl.easy_strerror = (const char *(*)(CURLcode))symbol("curl_easy_strerror");
    curl.slist_append = (struct curl_slist * (*)(struct curl_slist *, const char *)) symbol("curl_slist_append");
    curl.slist_free_all = (void (*)(struct curl_slist *))symbol("curl_slist_free_all");
    if (curl.error[0] == 0 && curl.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        snprintf(curl.error, sizeof curl.error, "libcurl failed to initialise");
    }
}

int tokenctl_http_available(char *error, size_t error_size) {
    pthread_once(&load_once, load);
    if (curl.error[0] != 0) {
        if (error && error_size) snprintf(error, error_size, "%s", curl.error);
        return 0;
    }
    return 1;
}

typedef struct {
    unsigned char *bytes;
    size_t length, capacity, limit;
    int over_limit;
} buffer;

static size_t collect(char *data, size_t size, size_t count, void *context) {
    buffer *into = context;
    size_t length = size * count;
    if (into->length + length > into->limit) {
        into->over_limit = 1;
        return 0; /* makes libcurl stop with a write error */
    }
    if (into->length + length > into->capacity) {
        size_t capacity = into->capacity ? into->capacity : 4096;
        while (capacity < into->length + length) capacity *= 2;
        unsigned char *grown = realloc(into->bytes, capacity);
        if (!grown) return 0;
        into->bytes = grown;
        into->capacity = capacity;
    }
    memcpy(into->bytes + into->length, data, length);
    into->length += length;
    return length;
}

int tokenctl_http_perform(const char *method, const char *url, const char *const *headers, size_t count,
                          const unsigned char *body, size_t body_length, long timeout_ms, long connect_timeout_ms,
                          size_t max_body, tokenctl_http_response *response) {
    memset(response, 0, sizeof *response);
    if (!tokenctl_http_available(response->error, sizeof response->error)) return 0;
    CURL *easy = curl.easy_init();
    if (!easy) {
        snprintf(response->error, sizeof response->error, "libcurl could not start a request");
        return 0;
    }
    struct curl_slist *list = NULL;
    for (size_t i = 0; i < count; i++) list = curl.slist_append(list, headers[i]);
    buffer received = {NULL, 0, 0, max_body, 0};
    curl.easy_setopt(easy, CURLOPT_URL, url);
    curl.easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl.easy_setopt(easy, CURLOPT_TIMEOUT_MS, timeout_ms);
    curl.easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, connect_timeout_ms);
    curl.easy_setopt(easy, CURLOPT_CUSTOMREQUEST, method);
    curl.easy_setopt(easy, CURLOPT_HTTPHEADER, list);
    if (body_length > 0 || strcmp(method, "POST") == 0) {
        curl.easy_setopt(easy, CURLOPT_POSTFIELDSIZE, (long)body_length);
        curl.easy_setopt(easy, CURLOPT_POSTFIELDS, body_length ? (const char *)body : "");
    }
    curl.easy_setopt(easy, CURLOPT_WRITEFUNCTION, collect);
    curl.easy_setopt(easy, CURLOPT_WRITEDATA, &received);
    CURLcode code = curl.easy_perform(easy);
    int ok = 0;
    if (code == CURLE_OK) {
        long status = 0;
        curl.easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
        response->status = status;
        response->body = received.bytes;
        response->body_length = received.length;
        received.bytes = NULL;
        ok = 1;
    } else if (received.over_limit) {
        snprintf(response->error, sizeof response->error, "the response is larger than %zu bytes", max_body);
    } else {
        response->timed_out = code == CURLE_OPERATION_TIMEDOUT;
        snprintf(response->error, sizeof response->error, "%s", curl.easy_strerror(code));
    }
    free(received.bytes);
    curl.slist_free_all(list);
    curl.easy_cleanup(easy);
    return ok;
}

void tokenctl_http_response_free(tokenctl_http_response *response) {
    free(response->body);
    response->body = NULL;
    response->body_length = 0;
}
