/*
 * The check-in desk: a badge scanner types the code and Enter into the focused field, or the
 * camera reads the QR code (jsQR). Each scan goes to POST /api/v1/check-ins; a scan made while
 * the connection is down waits in localStorage, with the time it was made, and is sent once when
 * the connection returns (the server accepts it idempotently). Without JavaScript the same form
 * posts to the page route.
 */
(function () {
  'use strict';
  var form = document.getElementById('scan-form');
  if (!form || !window.fetch || !window.localStorage) return;
  var field = document.getElementById('field-code');
  var override = document.getElementById('field-override');
  var result = document.getElementById('scan-result');
  var queueStatus = document.getElementById('scan-queue');
  var csrf = form.querySelector('input[name="_csrf"]').value;
  var storageKey = 'convene.check-in.queue.' + form.dataset.consultation;
  var flushing = false;

  function message(name, params) {
    var text = form.dataset[name] || '';
    return text.replace(/\{(\w+)\}/g, function (whole, key) {
      return params && params[key] !== undefined ? params[key] : whole;
    });
  }

  function readQueue() {
    try {
      var items = JSON.parse(localStorage.getItem(storageKey) || '[]');
      return Array.isArray(items) ? items : [];
    } catch (error) {
      return [];
    }
  }

  function writeQueue(items) {
    localStorage.setItem(storageKey, JSON.stringify(items));
    queueStatus.textContent = items.length ? message('msgQueue', { waiting: items.length }) : '';
  }

  function show(kind, lines, action) {
    var box = document.createElement('div');
    box.className = 'notice notice--' + kind;
    lines.forEach(function (line, index) {
      var p = document.createElement('p');
      if (index === 0) {
        var strong = document.createElement('strong');
        strong.textContent = line;
        p.appendChild(strong);
      } else {
        p.textContent = line;
      }
      box.appendChild(p);
    });
    if (action) box.appendChild(action);
    result.replaceChildren(box);
  }

  function person(body) {
    var r = body.registration;
    return [
      r.participant.name,
      [r.participant.position, body.organisation.name, body.organisation.countryName]
        .filter(Boolean)
        .join(' · '),
      body.consultationTitle,
    ];
  }

  function answered(response, body, scan) {
    if (response.ok) {
      var params = { name: body.registration.participant.name, time: body.checkedInAtText };
      var first = body.alreadyCheckedInAt
        ? message('msgAlready', params)
        : message('msgCheckedIn', params);
      show(body.alreadyCheckedInAt ? 'info' : 'success', [first].concat(person(body)));
      return;
    }
    var reason = body && body.reason;
    if (reason === 'outside_consultation_days') {
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'button';
      button.textContent = message('msgOverride');
      button.addEventListener('click', function () {
        send({ code: scan.code, scannedAt: scan.scannedAt, override: true });
      });
      show('error', [message('msgOutside')], button);
      return;
    }
    var key =
      response.status === 400
        ? 'msgInvalid'
        : response.status === 403
          ? 'msgOwn'
          : response.status === 404
            ? 'msgNotFound'
            : reason === 'superseded'
              ? 'msgSuperseded'
              : reason === 'not_confirmed'
                ? 'msgNotConfirmed'
                : 'msgFailed';
    show('error', [message(key)]);
  }

  /** Posts one scan; resolves false only when the network failed (the scan must wait). */
  function post(scan) {
    var body = { code: scan.code };
    if (scan.scannedAt) body.scannedAt = scan.scannedAt;
    if (scan.override) body.override = true;
    return fetch('/api/v1/check-ins', {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        'Content-Type': 'application/json',
        'X-CSRF-Token': csrf,
        Accept: 'application/json',
      },
      body: JSON.stringify(body),
    }).then(
      function (response) {
        return response
          .json()
          .catch(function () {
            return null;
          })
          .then(function (json) {
            answered(response, json, scan);
            return true;
          });
      },
      function () {
        return false;
      },
    );
  }

  function enqueue(scan) {
    var items = readQueue();
    if (!items.some((item) => item.code === scan.code)) items.push(scan);
    writeQueue(items);
    show('info', [message('msgQueued')]);
  }

  function send(scan) {
    if (!navigator.onLine) return Promise.resolve(enqueue(scan));
    return post(scan).then(function (delivered) {
      if (!delivered) enqueue(scan);
    });
  }

  /** Sends the waiting scans in the order they were made, each removed once the server answered it. */
  function flush() {
    if (flushing || !navigator.onLine) return;
    var items = readQueue();
    if (!items.length) return;
    flushing = true;
    var next = items[0];
    post(next).then(function (delivered) {
      flushing = false;
      if (!delivered) return;
      writeQueue(
        readQueue().filter(function (item) {
          return item.id !== next.id;
        }),
      );
      flush();
    });
  }

  function scanned(code) {
    code = code.trim();
    if (!code) return;
    // A badge's short desk code (8 letters and digits) is looked up by the name search.
    if (/^[0-9a-f]{8}$/i.test(code)) {
      window.location.search = '?q=' + encodeURIComponent(code);
      return;
    }
    var scan = {
      id: Date.now().toString(36) + Math.random().toString(36).slice(2),
      code: code,
      scannedAt: new Date().toISOString(),
      override: override.checked,
    };
    send(scan);
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    scanned(field.value);
    field.value = '';
    field.focus();
  });

  window.addEventListener('online', flush);
  setInterval(flush, 15000);
  writeQueue(readQueue());
  flush();

  // The camera: only on a secure origin (https or localhost), where browsers allow it.
  var toggle = document.getElementById('camera-toggle');
  var video = document.getElementById('camera');
  var media = navigator.mediaDevices;
  if (!window.isSecureContext || !media || !media.getUserMedia || !window.jsQR) return;
  var stream = null;
  var canvas = document.createElement('canvas');
  var context = canvas.getContext('2d', { willReadFrequently: true });
  var lastCode = '';
  var lastAt = 0;
  toggle.hidden = false;

  function stop() {
    if (stream) stream.getTracks().forEach((track) => track.stop());
    stream = null;
    video.hidden = true;
    toggle.textContent = message('msgCameraStart');
  }

  function frame() {
    if (!stream) return;
    if (video.readyState >= 2 && video.videoWidth) {
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      context.drawImage(video, 0, 0);
      var image = context.getImageData(0, 0, canvas.width, canvas.height);
      var found = window.jsQR(image.data, image.width, image.height, {
        inversionAttempts: 'dontInvert',
      });
      // One badge held in front of the camera is one scan, not one per frame.
      if (found && found.data && (found.data !== lastCode || Date.now() - lastAt > 5000)) {
        lastCode = found.data;
        lastAt = Date.now();
        scanned(found.data);
      }
    }
    requestAnimationFrame(frame);
  }

  toggle.addEventListener('click', function () {
    if (stream) return stop();
    media.getUserMedia({ video: { facingMode: 'environment' }, audio: false }).then(
      function (opened) {
        stream = opened;
        video.srcObject = opened;
        video.hidden = false;
        toggle.textContent = message('msgCameraStop');
        video.play();
        requestAnimationFrame(frame);
      },
      function () {
        show('error', [message('msgCameraUnavailable')]);
      },
    );
  });
})();
