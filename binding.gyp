{
  "targets": [
    {
      "target_name": "schedcost",
      "sources": [
        "<!@(ls -1 native/addon/*.cpp native/core/*.cpp native/core/probes/*.cpp native/core/strategies/*.cpp)"
      ],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS", "NODE_ADDON_API_DISABLE_DEPRECATED"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions", "-std=gnu++17", "-fno-rtti"],
      "cflags_cc": ["-std=c++20", "-fexceptions", "-O2", "-Wall", "-Wextra"]
    }
  ]
}
