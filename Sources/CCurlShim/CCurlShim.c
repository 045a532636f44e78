#include "CCurlShim.h"

CURLcode ticketd_curl_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

CURLcode ticketd_curl_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

CURLcode ticketd_curl_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

CURLcode ticketd_curl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}

CURLcode ticketd_curl_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

CURLcode ticketd_curl_setopt_data_callback(CURL *handle, CURLoption option, ticketd_curl_data_callback callback) {
    return curl_easy_setopt(handle, option, callback);
}

CURLcode ticketd_curl_setopt_prereq_callback(CURL *handle, ticketd_curl_prereq_callback callback) {
    return curl_easy_setopt(handle, CURLOPT_PREREQFUNCTION, callback);
}

CURLcode ticketd_curl_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

CURLcode ticketd_curl_getinfo_string(CURL *handle, CURLINFO info, const char **value) {
    return curl_easy_getinfo(handle, info, value);
}

long ticketd_curl_usessl_all(void) {
    return (long)CURLUSESSL_ALL;
}

CURLcode ticketd_curl_global_init(void) {
    return curl_global_init(CURL_GLOBAL_ALL);
}
