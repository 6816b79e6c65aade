// Copy buttons: <button class="copy" data-copy="ID"> copies the value of the element with that id.
document.querySelectorAll('button.copy').forEach(function (button) {
  button.addEventListener('click', function () {
    var field = document.getElementById(button.getAttribute('data-copy'));
    var status = button.parentElement.querySelector('.copied');
    field.select();
    var done = function () { if (status) { status.textContent = 'Copied.'; } };
    if (navigator.clipboard) {
      navigator.clipboard.writeText(field.value).then(done, function () { document.execCommand('copy'); done(); });
    } else {
      document.execCommand('copy');
      done();
    }
  });
});
