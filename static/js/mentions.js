/*
 * Suggestions while typing "@" and a name in a comment: a progressive enhancement.
 * Without JavaScript, "@" and a member's name (or handle) works just the same: the
 * server resolves it when the comment is saved (network/blog/mentions.py).
 *
 * The list is plain buttons after the text box (Tab reaches them, Escape closes it);
 * a status line tells screen-reader users how many people were found.
 */
(function () {
  "use strict";
  if (!window.fetch) {
    return;
  }
  var AT = /(?:^|[^\w@])@([\w'\u2019.-]{2,}(?: [\w'\u2019.-]+){0,2})$/;

  function enhance(form) {
    var box = form.querySelector("textarea");
    var url = form.getAttribute("data-mention-suggestions");
    if (!box || !url) {
      return;
    }
    var list = document.createElement("ul");
    list.className = "mention-suggestions";
    list.hidden = true;
    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    box.insertAdjacentElement("afterend", list);
    list.insertAdjacentElement("afterend", status);
    var timer = null;
    var latest = 0;

    function close() {
      list.hidden = true;
      list.textContent = "";
    }

    function choose(person, typed, end) {
      var start = end - typed.length;
      if (box.value.slice(start, end) !== typed) {
        close();
        return;
      }
      box.value = box.value.slice(0, start) + person.insert + " " + box.value.slice(end);
      var caret = start + person.insert.length + 1;
      close();
      box.focus();
      box.setSelectionRange(caret, caret);
      status.textContent = person.name + " will be mentioned.";
    }

    function show(people, typed, end) {
      close();
      if (!people.length) {
        status.textContent = "";
        return;
      }
      people.forEach(function (person) {
        var item = document.createElement("li");
        var button = document.createElement("button");
        button.type = "button";
        button.className = "link-button";
        button.textContent = "Mention " + person.name + " (" + person.handle + ")";
        button.addEventListener("click", function () {
          choose(person, typed, end);
        });
        item.appendChild(button);
        list.appendChild(item);
      });
      list.hidden = false;
      status.textContent =
        people.length + (people.length === 1 ? " person" : " people") +
        " to mention: press Tab to reach the list.";
    }

    function ask() {
      var end = box.selectionStart;
      var match = AT.exec(box.value.slice(0, end));
      if (!match) {
        close();
        return;
      }
      var typed = match[1];
      var asked = ++latest;
      fetch(url + "?q=" + encodeURIComponent(typed), {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then(function (response) {
          return response.ok ? response.json() : { people: [] };
        })
        .then(function (data) {
          if (asked === latest) {
            show(data.people || [], typed, end);
          }
        })
        .catch(close);
    }

    box.addEventListener("input", function () {
      // What was offered fits what had been typed: never leave it beside newer text.
      close();
      window.clearTimeout(timer);
      timer = window.setTimeout(ask, 250);
    });
    form.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !list.hidden) {
        close();
        box.focus();
      }
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("form[data-mention-suggestions]"), enhance);
})();
