vcl 4.1;

# Varnish in front of the web nodes (nginx before it for TLS, or Varnish behind nginx's
# location /). It keeps what Django marks shareable (`Cache-Control: public, s-maxage=…`:
# anonymous visitors' pages) and nothing else. Any purge from the site (Wagtail's
# frontend_cache HTTPBackend, WAGTAILFRONTENDCACHE) bans every page of that host: a change
# to one work shows on the gallery, its artist's page, the home page, feeds and exhibitions,
# so the front cache is dropped as coarsely as Django's own page cache.

backend default {
    .host = "127.0.0.1";
    .port = "8000";
}

acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE" || req.method == "BAN") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed"));
        }
        ban("obj.http.x-host == " + req.http.host);
        return (synth(200, "Banned"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/(admin|accounts|my|reports|healthz|readyz)/") {
        return (pass);
    }
    # A member (session) or a pending message: their pages are theirs alone.
    if (req.http.Cookie ~ "(^|;\s*)(sessionid|messages)=") {
        return (pass);
    }
    # Other cookies (the CSRF token) change nothing on a public page.
    unset req.http.Cookie;
    return (hash);
}

sub vcl_backend_response {
    set beresp.http.x-host = bereq.http.host;
    if (beresp.http.Set-Cookie || beresp.http.Cache-Control !~ "s-maxage") {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
}

sub vcl_deliver {
    unset resp.http.x-host;
    if (obj.hits > 0) {
        set resp.http.X-Front-Cache = "hit";
    } else {
        set resp.http.X-Front-Cache = "miss";
    }
}
