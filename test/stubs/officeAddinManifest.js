// office-addin-mock imports office-addin-manifest, whose ESM-only dependencies jest 30 cannot load.
// The mock only reads the OfficeApp enum from it, so that enum stands in for the whole module.
module.exports = {
  OfficeApp: {
    Excel: "excel",
    OneNote: "onenote",
    Outlook: "outlook",
    PowerPoint: "powerpoint",
    Project: "project",
    Word: "word",
  },
};
