// Progressive enhancement for photo forms on slow networks: each chosen photo is shrunk in the
// phone to what the server keeps anyway (1600 px, WebP or JPEG) before it is sent, and the
// sending shows its progress. Without JavaScript, or when shrinking fails, the full file goes as before.
(function () {
  var script = document.currentScript;
  var LONGEST = 1600;  // the server keeps at most 2400 px and shows at most 1200 px
  // WebP at 0.8 (the server's own setting) is a third smaller than JPEG at 0.85 for the same
  // look, and keeps a PNG's transparency; a browser that cannot write WebP sends JPEG.
  var ENCODINGS = [["image/webp", 0.8], ["image/jpeg", 0.85]];
  // A photo this small and no larger than LONGEST is sent as it is: re-encoding gains nothing.
  var SMALL_ENOUGH = 400 * 1024;
  if (!script || !window.FormData || !window.XMLHttpRequest || !window.Blob) { return; }
  var words = script.dataset;

  function decode(file) {
    // from-image: a phone photo taken sideways comes out upright (its EXIF orientation).
    if (window.createImageBitmap) {
      return createImageBitmap(file, { imageOrientation: "from-image" })
        .catch(function () { return createImageBitmap(file); })
        .catch(function () { return decodeWithImg(file); });
    }
    return decodeWithImg(file);
  }

  function decodeWithImg(file) {
    return new Promise(function (resolve, reject) {
      var img = new Image();
      var url = URL.createObjectURL(file);
      img.onload = function () { URL.revokeObjectURL(url); resolve(img); };
      img.onerror = function () { URL.revokeObjectURL(url); reject(new Error("decode")); };
      img.src = url;
    });
  }

  function shrink(file) {
    if (!/^image\/(jpeg|png|webp)$/.test(file.type)) { return Promise.resolve(file); }
    return decode(file).then(function (picture) {
      var width = picture.naturalWidth || picture.width;
      var height = picture.naturalHeight || picture.height;
      var scale = Math.min(1, LONGEST / Math.max(width, height));  // never upscale
      if (scale === 1 && file.size <= SMALL_ENOUGH) { return file; }
      var canvas = document.createElement("canvas");
      canvas.width = Math.max(1, Math.round(width * scale));
      canvas.height = Math.max(1, Math.round(height * scale));
      var context = canvas.getContext("2d");
      context.imageSmoothingQuality = "high";
      context.drawImage(picture, 0, 0, canvas.width, canvas.height);
      if (picture.close) { picture.close(); }
      return encode(canvas, 0).then(function (blob) {
        canvas.width = canvas.height = 0;  // let the phone free the pixels now
        if (!blob || blob.size >= file.size) { return file; }
        var name = file.name.replace(/\.[^.]*$/, "") + (blob.type === "image/webp" ? ".webp" : ".jpg");
        return new File([blob], name, { type: blob.type });
      });
    }).catch(function () { return file; });  // could not shrink: send the original
  }

  function encode(canvas, choice) {
    var type = ENCODINGS[choice][0];
    return new Promise(function (resolve) {
      canvas.toBlob(resolve, type, ENCODINGS[choice][1]);
    }).then(function (blob) {
      // A browser that cannot write the type hands back a PNG instead: try the next.
      if (blob && blob.type === type) { return blob; }
      return choice + 1 < ENCODINGS.length ? encode(canvas, choice + 1) : null;
    });
  }

  function shrinkAll(files) {
    // One at a time: a 12 MP photo takes 48 MB of memory while it is drawn.
    var done = [];
    return files.reduce(function (chain, file) {
      return chain.then(function () {
        return shrink(file).then(function (small) { done.push(small); });
      });
    }, Promise.resolve()).then(function () { return done; });
  }

  function showPage(xhr) {
    // The server answered a page (after its redirect, or the form again with its errors):
    // show it as the browser would have, at the address it came from.
    var answer = xhr.responseText;
    document.open();
    document.write(answer);
    document.close();
    if (xhr.responseURL && xhr.responseURL !== location.href) {
      history.replaceState(null, "", xhr.responseURL);
    }
  }

  function enhance(form) {
    var inputs = Array.prototype.filter.call(form.querySelectorAll("input[type=file]"),
      function (input) { return /image/.test(input.accept || ""); });
    if (!inputs.length) { return; }
    var status = document.createElement("div");
    status.className = "upload-status";
    status.setAttribute("role", "status");
    status.hidden = true;
    var text = document.createElement("span");
    var bar = document.createElement("progress");
    bar.max = 100;
    status.appendChild(text);
    status.appendChild(bar);
    var buttons = form.querySelectorAll("button[type=submit], button:not([type]), input[type=submit]");
    if (!buttons.length) { return; }
    buttons[buttons.length - 1].insertAdjacentElement("afterend", status);
    var busy = false;

    function say(message, percent) {
      status.hidden = false;
      text.textContent = percent === undefined ? message : message + " " + percent + "%";
      if (percent === undefined) { bar.removeAttribute("value"); } else { bar.value = percent; }
    }

    function setBusy(on) {
      busy = on;
      Array.prototype.forEach.call(buttons, function (button) { button.disabled = on; });
    }

    form.addEventListener("submit", function (event) {
      var chosen = inputs.filter(function (input) { return input.files && input.files.length; });
      if (!chosen.length) { return; }  // nothing to shrink: the ordinary submit is as quick
      event.preventDefault();
      if (busy) { return; }
      var data = new FormData(form);
      var submitter = event.submitter;  // the pressed button's name=value, as a plain submit
      if (submitter && submitter.name) { data.append(submitter.name, submitter.value); }
      setBusy(true);
      say(words.shrinking);
      chosen.reduce(function (chain, input) {
        return chain.then(function () {
          return shrinkAll(Array.prototype.slice.call(input.files)).then(function (files) {
            data.delete(input.name);
            files.forEach(function (file) { data.append(input.name, file, file.name); });
          });
        });
      }, Promise.resolve()).then(function () {
        var xhr = new XMLHttpRequest();
        xhr.open((form.getAttribute("method") || "post").toUpperCase(), form.action);
        xhr.upload.onprogress = function (progress) {
          if (progress.lengthComputable) {
            say(words.sending, Math.round(100 * progress.loaded / progress.total));
          }
        };
        xhr.onload = function () {
          if ((xhr.getResponseHeader("Content-Type") || "").indexOf("text/html") === 0) {
            showPage(xhr);
          } else {
            setBusy(false);
            say(words.failed);
          }
        };
        xhr.onerror = xhr.ontimeout = function () {
          setBusy(false);
          say(words.failed);
        };
        say(words.sending, 0);
        xhr.send(data);
      });
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("form[enctype='multipart/form-data']"),
    enhance);
})();
