"""Reading a page's HTML the way a browser would, for the assertions tests make about it.

Each function takes a response, a string of HTML or an already parsed element, and a CSS
selector (soupsieve's, as BeautifulSoup's `select` reads it): one parser for every test instead
of a regular expression per test, which breaks as soon as an attribute moves or is added.
"""

from bs4 import BeautifulSoup, Tag


def soup(page):
    """The parsed page: a response's content, a string of HTML, or an element as it is."""
    if isinstance(page, Tag):
        return page
    if hasattr(page, "content"):
        page = page.content.decode()
    return BeautifulSoup(page, "html.parser")


def select(page, selector):
    """Every element matching the selector, in document order."""
    return soup(page).select(selector)


def select_one(page, selector):
    """The first element matching the selector; a test that expects one fails here if none does."""
    element = soup(page).select_one(selector)
    assert element is not None, f"nothing matches {selector!r}"
    return element


def texts(page, selector):
    """The text of each element matching the selector, stripped of surrounding white space."""
    return [element.get_text().strip() for element in select(page, selector)]


def attributes(page, selector, name):
    """The value of one attribute of each matching element that has it."""
    return [element[name] for element in select(page, selector) if element.has_attr(name)]


def links(page, selector="a"):
    """The addresses of the matching links (`href`), in document order."""
    return attributes(page, selector, "href")


def form_fields(page, selector="form"):
    """The named inputs, selects and text areas of the first matching form, with the values a
    browser would send: a checked box or radio button only, a select's chosen option."""
    fields = {}
    for field in select_one(page, selector).select("input[name], select[name], textarea[name]"):
        name = field["name"]
        if field.name == "textarea":
            fields[name] = field.get_text()
        elif field.name == "select":
            chosen = field.select_one("option[selected]") or field.select_one("option")
            fields[name] = chosen.get("value", chosen.get_text()) if chosen else ""
        elif field.get("type") in ("checkbox", "radio"):
            if field.has_attr("checked"):
                fields[name] = field.get("value", "on")
        else:
            fields[name] = field.get("value", "")
    return fields


def card_titles(page):
    """The titles of the artwork cards on a listing, in the order shown."""
    return texts(page, "h3:not([class]) > a")


def text(page, selector=None):
    """The words of the whole page, or of the first element matching the selector, as a reader
    meets them: each piece of text stripped, joined by single spaces."""
    element = soup(page) if selector is None else select_one(page, selector)
    return element.get_text(" ", strip=True)


def csrf_tokens(page):
    """The CSRF token of every form on the page, in document order."""
    return attributes(page, 'input[name="csrfmiddlewaretoken"]', "value")


def csrf_token(page):
    """The page's CSRF token, as its first form would post it; a page without one fails here."""
    tokens = csrf_tokens(page)
    assert tokens, "no CSRF token on the page"
    return tokens[0]


def addresses(page, selector="*"):
    """Every address the matching elements name: `href`, `src`, each candidate of a `srcset`
    and a `<meta>`'s `content` when it is a URL, in document order."""
    found = []
    for element in select(page, selector):
        for name in ("href", "src"):
            if element.has_attr(name):
                found.append(element[name])
        if element.has_attr("srcset"):
            found += [part.split()[0] for part in element["srcset"].split(",") if part.strip()]
        if element.name == "meta" and "://" in element.get("content", ""):
            found.append(element["content"])
    return found
