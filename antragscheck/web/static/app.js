// antragscheck: the page works without this script (plain form posts).  With it: files
// can be dropped on the field, results appear without reloading the page, and each
// checked file gets its own button for the annotated copy.  No inline script: the page's
// Content-Security-Policy only allows this file.  Addresses are relative, so the page
// works behind a reverse proxy under any path.
"use strict";

(function () {
  const form = document.getElementById("pruefen");
  if (!form) return;
  const input = document.getElementById("dateien");
  const zone = document.getElementById("ablage");
  const status = document.getElementById("status");
  const results = document.getElementById("ergebnis");
  const maxFiles = Number(form.dataset.maxFiles);
  const maxBytes = Number(form.dataset.maxBytes);
  const maxMb = form.dataset.maxMb;
  let checked = [];

  for (const hint of document.querySelectorAll(".nur-mit-script")) hint.hidden = false;

  function say(text, isError) {
    status.textContent = text;
    status.classList.toggle("fehler", Boolean(isError));
  }

  function problem(files) {
    if (files.length === 0) return "Bitte mindestens eine Datei auswählen.";
    if (files.length > maxFiles) return "Höchstens " + maxFiles + " Dateien auf einmal.";
    for (const file of files) {
      if (file.size > maxBytes) return file.name + " ist größer als " + maxMb + " MB.";
    }
    return null;
  }

  async function germanError(response) {
    try {
      const body = await response.json();
      if (body && typeof body.detail === "string") return body.detail;
    } catch (ignored) { /* not JSON */ }
    return "Die Prüfung ist fehlgeschlagen (Fehler " + response.status + ").";
  }

  function fileName(response, fallback) {
    const header = response.headers.get("Content-Disposition") || "";
    const match = /filename\*=UTF-8''([^;]+)/i.exec(header);
    return match ? decodeURIComponent(match[1]) : fallback;
  }

  function download(blob, name) {
    const url = URL.createObjectURL(blob);
    const link = document.createElement("a");
    link.href = url;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  }

  async function annotateOne(button) {
    const file = checked[Number(button.dataset.index)];
    if (!file) return;
    const data = new FormData();
    data.append("file", file, file.name);
    button.disabled = true;
    say("Kommentierte Kopie von " + file.name + " wird erstellt …");
    try {
      const response = await fetch("api/annotate", { method: "POST", body: data });
      if (!response.ok) { say(await germanError(response), true); return; }
      const name = fileName(response, file.name.replace(/\.(docx|docm)$/i, "") + ".geprüft.docx");
      download(await response.blob(), name);
      say("Kommentierte Kopie " + name + " heruntergeladen.");
    } catch (failed) {
      say("Der Server ist nicht erreichbar. Bitte später erneut versuchen.", true);
    } finally {
      button.disabled = false;
    }
  }

  async function check(files) {
    const wrong = problem(files);
    if (wrong) { say(wrong, true); return; }
    const data = new FormData();
    for (const file of files) data.append("files", file, file.name);
    const buttons = form.querySelectorAll("button");
    for (const b of buttons) b.disabled = true;
    say(files.length === 1 ? "Der Antrag wird geprüft …" : files.length + " Anträge werden geprüft …");
    try {
      const response = await fetch("pruefen?teil=ergebnis", { method: "POST", body: data });
      if (!response.ok) { say(await germanError(response), true); return; }
      results.innerHTML = await response.text();  // server-rendered, escaped HTML
      checked = Array.from(files);
      for (const button of results.querySelectorAll("button.kommentieren")) {
        button.hidden = false;
        button.addEventListener("click", function () { annotateOne(button); });
      }
      say("Prüfung abgeschlossen.");
      const heading = document.getElementById("ergebnis-titel");
      if (heading) heading.focus();
    } catch (failed) {
      say("Der Server ist nicht erreichbar. Bitte später erneut versuchen.", true);
    } finally {
      for (const b of buttons) b.disabled = false;
    }
  }

  form.addEventListener("submit", function (event) {
    const submitter = event.submitter;
    if (submitter && submitter.getAttribute("formaction")) return;  // the copy: a plain post
    event.preventDefault();
    check(input.files);
  });

  for (const name of ["dragenter", "dragover"]) {
    zone.addEventListener(name, function (event) {
      event.preventDefault();
      zone.classList.add("ueber");
    });
  }
  for (const name of ["dragleave", "drop"]) {
    zone.addEventListener(name, function () { zone.classList.remove("ueber"); });
  }
  zone.addEventListener("drop", function (event) {
    event.preventDefault();
    const files = event.dataTransfer ? event.dataTransfer.files : [];
    try { input.files = files; } catch (ignored) { /* older browsers */ }
    check(files);
  });
})();
