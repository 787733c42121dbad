// html-validate's configuration for the build (tests/test_quality_outside.py runs it on every page).
// The recommended preset, whole. What follows only adjusts a rule's options, each with its reason;
// no rule is turned off.
module.exports = {
  root: true,
  extends: ["html-validate:recommended"],
  rules: {
    // A phone number must not break across lines. The site keeps it whole with CSS
    // (`a.tel { white-space: nowrap }`, themes/default/static/css/11-fiche.css) rather than by
    // rewriting its spaces as &nbsp;: the number's text stays as the content gives it (what a
    // reader copies, what the search indexes). Every tel: link carries class="tel"
    // (themes/default/templates/operators/_contact.html).
    "tel-non-breaking": ["error", { ignoreClasses: ["tel"] }],
  },
};
