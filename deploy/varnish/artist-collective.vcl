vcl 4.1;

# Varnish in front of the web nodes (nginx before it for TLS, or Varnish behind nginx's
# location /). It keeps what Django marks shareable (`Cache-Control: public, s-maxage=…`:
# anonymous visitors' pages) and nothing else. Any purge from the site (Wagtail's
# frontend_cache HTTPBackend, WAGTAILFRONTENDCACHE) bans every page of that host: a change
# to one work shows on the gallery, its artist's page, the home page, feeds and exhibitions,
# so the front cache is dropped as coarsely as Django's own page cache.

import directors;

# The web nodes (gunicorn, deploy/systemd/artist-collective-web.service): list each one,
# add it to the director below. A node that fails its health probe gets no requests until
# it answers again; a GET that fails on one node is tried once on the next.
probe healthz {
    .request = "GET /healthz/ HTTP/1.1"
        "Host: localhost"
        "Connection: close";
    .interval = 2s;
    .timeout = 2s;
    .window = 3;
    .threshold = 2;
}

backend web1 {
    .host = "10.0.0.11";
    .port = "8000";
    .probe = healthz;
    .connect_timeout = 2s;
    .first_byte_timeout = 90s;
}

backend web2 {
    .host = "10.0.0.12";
    .port = "8000";
    .probe = healthz;
    .connect_timeout = 2s;
    .first_byte_timeout = 90s;
}

sub vcl_init {
    new web = directors.round_robin();
    web.add_backend(web1);
    web.add_backend(web2);
}

acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    set req.backend_hint = web.backend();
    if (req.method == "PURGE" || req.method == "BAN") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed"));
        }
        # By host without its port: the site purges with SITE_URL's host, while pages were
        # asked for with whatever Host the front web server passed on.
        ban("obj.http.x-host == " + regsub(req.http.host, ":[0-9]+$", ""));
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

sub vcl_backend_fetch {
    # A retry goes to another node than the one that just failed (with more nodes, list
    # them here in turn), whatever turn the director is at.
    if (bereq.http.x-failed-node == "web1") {
        set bereq.backend = web2;
    } elsif (bereq.http.x-failed-node == "web2") {
        set bereq.backend = web1;
    }
    unset bereq.http.x-failed-node;
}

sub vcl_backend_error {
    # A node that died mid-request, or refused the connection before its probe noticed: a
    # page visit is asked once more, of another node. Posts are never repeated.
    if (bereq.retries < 1 && (bereq.method == "GET" || bereq.method == "HEAD")) {
        set bereq.http.x-failed-node = beresp.backend.name;
        return (retry);
    }
}

sub vcl_backend_response {
    set beresp.http.x-host = regsub(bereq.http.host, ":[0-9]+$", "");
    # A page the node served in its grace while it builds the new one (core.page_refresh):
    # passed on, and asked for again after a second rather than the usual two minutes.
    if (beresp.http.X-Page-Cache == "stale") {
        set beresp.uncacheable = true;
        set beresp.ttl = 1s;
        return (deliver);
    }
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
