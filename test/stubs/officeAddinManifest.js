// office-addin-mock imports office-addin-manifest, whose ESM-only dependencies jest 30 cannot load;
// the mock never uses it, so an empty module stands in.
module.exports = {};
