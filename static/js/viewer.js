/*
 * The artwork page's full-size view, its share button and its previous/next keys.
 *
 * Full-size view: "View full size" (a plain link to the largest file without JavaScript)
 * opens a <dialog> showing the large rendition of a [data-viewer-item], fitted to the screen.
 * Zoom with + / − / 0, the buttons, the wheel or a pinch; move with the arrow keys, by
 * dragging or with one finger. At the fitted size ← and → page through every
 * [data-viewer-item] on the page. Escape closes it and focus goes back to the control that
 * opened it. The image is moved with a CSS transform (CSSOM, which the CSP allows; no style
 * attribute is ever written).
 *
 * Share: the system's share sheet (Web Share API) where there is one, else the link is copied
 * to the clipboard and "Link copied" is announced in the status region beside the button.
 *
 * Previous / next: ← and → follow the page's own previous/next links (the list the visitor
 * came from) when the full-size view is closed and no field has focus.
 */
(function () {
    "use strict";

    const ZOOM_STEP = 1.25;
    const MAX_ZOOM = 8;
    const PAN_STEP = 0.1; // of the canvas, per arrow key press

    const dialog = document.querySelector("[data-viewer]");
    const items = [...document.querySelectorAll("[data-viewer-item]")].filter(
        (item) => item.dataset.viewerSrc
    );

    function setUpViewer() {
        const canvas = dialog.querySelector("[data-viewer-canvas]");
        const caption = dialog.querySelector("[data-viewer-caption]");
        const scaleOutput = dialog.querySelector("[data-viewer-scale]");
        const position = dialog.querySelector("[data-viewer-position]");
        const image = document.createElement("img");
        image.className = "viewer-image";
        image.draggable = false;
        image.decoding = "async";
        canvas.append(image);

        let current = 0;
        let opener = null;
        // The image's size at "fit", and the zoom and offset from there (CSS pixels).
        let fitWidth = 0;
        let fitHeight = 0;
        let zoom = 1;
        let x = 0;
        let y = 0;

        function naturalSize() {
            const item = items[current];
            return [Number(item.dataset.viewerWidth), Number(item.dataset.viewerHeight)];
        }

        function maxZoom() {
            const [width] = naturalSize();
            // Up to the file's own pixels twice over, and never less than MAX_ZOOM.
            return Math.max(MAX_ZOOM, (2 * width) / Math.max(fitWidth, 1));
        }

        function clampOffsets() {
            const box = canvas.getBoundingClientRect();
            const width = fitWidth * zoom;
            const height = fitHeight * zoom;
            x = width <= box.width ? (box.width - width) / 2 : Math.min(0, Math.max(box.width - width, x));
            y = height <= box.height ? (box.height - height) / 2 : Math.min(0, Math.max(box.height - height, y));
        }

        function draw() {
            clampOffsets();
            image.style.width = `${fitWidth}px`;
            image.style.height = `${fitHeight}px`;
            image.style.transform = `translate(${x}px, ${y}px) scale(${zoom})`;
            scaleOutput.textContent = zoom === 1 ? pgettext("the whole image in the window", "Fit") : `${Math.round(zoom * 100)}%`;
            canvas.classList.toggle("zoomed", zoom > 1);
        }

        function fit() {
            const box = canvas.getBoundingClientRect();
            const [width, height] = naturalSize();
            // Fitted to the screen, and no larger than the file unless it is pixel art.
            const pixelArt = items[current].classList.contains("pixel-art");
            const scale = Math.min(box.width / width, box.height / height, pixelArt ? Infinity : 1);
            fitWidth = width * scale;
            fitHeight = height * scale;
            zoom = 1;
            x = 0;
            y = 0;
            image.classList.toggle("pixelated", pixelArt);
            draw();
        }

        // Zoom to `next`, keeping the point (px, py) of the canvas where it is.
        function zoomTo(next, px, py) {
            const box = canvas.getBoundingClientRect();
            const pointX = px ?? box.width / 2;
            const pointY = py ?? box.height / 2;
            const target = Math.min(Math.max(next, 1), maxZoom());
            x = pointX - ((pointX - x) * target) / zoom;
            y = pointY - ((pointY - y) * target) / zoom;
            zoom = target;
            draw();
        }

        function pan(dx, dy) {
            x += dx;
            y += dy;
            draw();
        }

        function show(index) {
            current = (index + items.length) % items.length;
            const item = items[current];
            image.src = item.dataset.viewerSrc;
            image.alt = item.dataset.viewerAlt || "";
            caption.textContent = item.dataset.viewerAlt || gettext("Full-size view");
            canvas.setAttribute("aria-label", caption.textContent);
            position.textContent = interpolate(gettext("%(current)s of %(count)s"), { current: current + 1, count: items.length }, true);
            fit();
        }

        function open(index, control) {
            opener = control;
            dialog.querySelector("[data-viewer-paging]").hidden = items.length < 2;
            dialog.showModal();
            show(index);
            canvas.focus();
        }

        canvas.tabIndex = 0;
        canvas.setAttribute("role", "img");
        canvas.setAttribute("aria-roledescription", gettext("zoomable image"));

        document.querySelectorAll("[data-viewer-open]").forEach((control) => {
            control.setAttribute("role", "button");
            control.addEventListener("click", (event) => {
                event.preventDefault();
                const item = control.closest("[data-viewer-item]");
                open(Math.max(items.indexOf(item), 0), control);
            });
        });

        dialog.addEventListener("close", () => {
            image.removeAttribute("src");
            if (opener) opener.focus();
        });
        dialog.querySelector("[data-viewer-close]").addEventListener("click", () => dialog.close());
        dialog.querySelector("[data-viewer-zoom-in]").addEventListener("click", () => zoomTo(zoom * ZOOM_STEP));
        dialog.querySelector("[data-viewer-zoom-out]").addEventListener("click", () => zoomTo(zoom / ZOOM_STEP));
        dialog.querySelector("[data-viewer-reset]").addEventListener("click", fit);
        dialog.querySelector("[data-viewer-previous]").addEventListener("click", () => show(current - 1));
        dialog.querySelector("[data-viewer-next]").addEventListener("click", () => show(current + 1));

        dialog.addEventListener("keydown", (event) => {
            if (event.altKey || event.ctrlKey || event.metaKey) return;
            const box = canvas.getBoundingClientRect();
            const actions = {
                "+": () => zoomTo(zoom * ZOOM_STEP),
                "=": () => zoomTo(zoom * ZOOM_STEP),
                "-": () => zoomTo(zoom / ZOOM_STEP),
                "0": fit,
                // Zoomed in, the arrows move the image; at the fitted size, ← and → page.
                ArrowLeft: () => (zoom > 1 ? pan(box.width * PAN_STEP, 0) : items.length > 1 && show(current - 1)),
                ArrowRight: () => (zoom > 1 ? pan(-box.width * PAN_STEP, 0) : items.length > 1 && show(current + 1)),
                ArrowUp: () => pan(0, box.height * PAN_STEP),
                ArrowDown: () => pan(0, -box.height * PAN_STEP),
            };
            const action = actions[event.key];
            if (action) {
                event.preventDefault();
                action();
            }
        });

        canvas.addEventListener(
            "wheel",
            (event) => {
                event.preventDefault();
                const box = canvas.getBoundingClientRect();
                zoomTo(zoom * Math.exp(-event.deltaY * 0.002), event.clientX - box.left, event.clientY - box.top);
            },
            { passive: false }
        );

        // Dragging with a mouse or one finger moves the image; two fingers pinch to zoom.
        const pointers = new Map();
        let pinch = null;
        canvas.addEventListener("pointerdown", (event) => {
            canvas.setPointerCapture(event.pointerId);
            pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
            if (pointers.size === 2) {
                const [a, b] = [...pointers.values()];
                pinch = { distance: Math.hypot(a.x - b.x, a.y - b.y), zoom };
            }
        });
        canvas.addEventListener("pointermove", (event) => {
            const last = pointers.get(event.pointerId);
            if (!last) return;
            const now = { x: event.clientX, y: event.clientY };
            pointers.set(event.pointerId, now);
            if (pointers.size === 2 && pinch) {
                const [a, b] = [...pointers.values()];
                const box = canvas.getBoundingClientRect();
                const distance = Math.hypot(a.x - b.x, a.y - b.y);
                zoomTo((pinch.zoom * distance) / Math.max(pinch.distance, 1), (a.x + b.x) / 2 - box.left, (a.y + b.y) / 2 - box.top);
            } else if (pointers.size === 1) {
                pan(now.x - last.x, now.y - last.y);
            }
        });
        const release = (event) => {
            pointers.delete(event.pointerId);
            if (pointers.size < 2) pinch = null;
        };
        canvas.addEventListener("pointerup", release);
        canvas.addEventListener("pointercancel", release);
        // A double click or tap zooms in on that point, or back to the fitted size.
        canvas.addEventListener("dblclick", (event) => {
            const box = canvas.getBoundingClientRect();
            if (zoom > 1) fit();
            else zoomTo(2, event.clientX - box.left, event.clientY - box.top);
        });

        window.addEventListener("resize", () => {
            if (dialog.open) fit();
        });
    }

    function setUpShare() {
        const link = document.querySelector("[data-share]");
        const status = document.querySelector("[data-share-status]");
        if (!link || !status) return;
        link.setAttribute("role", "button");
        link.addEventListener("click", async (event) => {
            event.preventDefault();
            const url = link.href;
            if (navigator.share) {
                try {
                    await navigator.share({ title: link.dataset.shareTitle, url });
                    return;
                } catch (error) {
                    if (error.name === "AbortError") return; // the visitor closed the sheet
                }
            }
            try {
                await navigator.clipboard.writeText(url);
                status.textContent = gettext("Link copied");
            } catch {
                status.textContent = interpolate(gettext("Copy this link: %(url)s"), { url }, true);
            }
            window.setTimeout(() => {
                status.textContent = "";
            }, 5000);
        });
    }

    function setUpBrowseKeys() {
        const previous = document.querySelector("[data-browse-previous]");
        const next = document.querySelector("[data-browse-next]");
        if (!previous && !next) return;
        document.addEventListener("keydown", (event) => {
            if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
            if (dialog && dialog.open) return;
            if (event.target.closest("input, textarea, select, [contenteditable], dialog")) return;
            const link = { ArrowLeft: previous, ArrowRight: next }[event.key];
            if (link) {
                event.preventDefault();
                link.click();
            }
        });
    }

    if (dialog && items.length && typeof dialog.showModal === "function") setUpViewer();
    setUpShare();
    setUpBrowseKeys();
})();
