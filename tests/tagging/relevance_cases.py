"""Articles written for the relevance tests (never trained on): one per out-of-scope category of the
codebook, and in-scope near-misses that share their vocabulary. (title, body, language)."""

from __future__ import annotations

OUT_OF_SCOPE = {
    "sports": (
        "Timnas Indonesia Tumbangkan Korea Selatan 2-1 di Laga Uji Coba",
        "JAKARTA — Tim nasional sepak bola Indonesia menang 2-1 atas Korea Selatan dalam laga uji coba di "
        "Stadion Utama Gelora Bung Karno, Selasa malam.\n\nGol kemenangan dicetak striker muda lewat "
        "sundulan "
        "pada menit ke-88. Pelatih timnas memuji skuadnya yang tampil disiplin sepanjang pertandingan.\n\n"
        "Kedua tim akan kembali bertemu di turnamen Piala Asia tahun depan.",
        "id",
    ),
    "crime": (
        "Police arrest two over smuggling of handguns across US-Canada border",
        "TORONTO — Canadian police arrested two men on Friday after officers found 40 handguns hidden in a "
        "truck that had crossed from the United States, investigators said.\n\nThe suspects, aged 31 and 45, "
        "were charged with firearms trafficking and will appear in court next week. Prosecutors said "
        "the guns "
        "were bought in Ohio and destined for gangs in the city.",
        "en",
    ),
    "disaster": (
        "Banjir kilat landa Kelantan, 3,000 mangsa dipindahkan ke pusat pemindahan",
        "KOTA BHARU: Seramai 3,000 mangsa banjir kilat di Kelantan dipindahkan ke 40 pusat pemindahan "
        "sementara selepas hujan lebat sejak malam tadi.\n\nAgensi Pengurusan Bencana Negara berkata paras "
        "air sungai terus meningkat dan operasi menyelamat dijalankan oleh pasukan bomba. Dua mangsa "
        "dilaporkan meninggal dunia akibat lemas.",
        "ms",
    ),
    "migration": (
        "Kapal Pengungsi Rohingya Kembali Mendarat di Aceh, 150 Orang Dievakuasi",
        "BANDA ACEH — Sebuah kapal kayu berisi sekitar 150 pengungsi Rohingya mendarat di pantai "
        "Pidie, Aceh, "
        "Minggu pagi.\n\nPetugas imigrasi dan UNHCR mendata para pencari suaka itu, sebagian besar perempuan "
        "dan anak-anak. Warga setempat menolak kedatangan mereka dan meminta pemerintah memindahkan para "
        "migran ke lokasi lain.",
        "id",
    ),
    "defence": (
        "한미, 서해서 연합 해상훈련…잠수함·구축함 동원",
        "한국과 미국 해군이 13일부터 서해에서 연합 해상훈련을 실시한다고 합참이 밝혔다.\n\n이번 훈련에는 "
        "잠수함과 구축함, 해상초계기 등이 동원되며 북한의 미사일 도발에 대비한 대잠전 훈련이 집중적으로 "
        "진행된다. 국방부는 훈련이 방어적 성격이라고 강조했다.",
        "ko",
    ),
    "trade": (
        "US raises tariffs on Chinese steel and solar panels, Beijing vows response",
        "WASHINGTON — The United States on Tuesday raised tariffs on Chinese steel, aluminium and solar "
        "panels, saying subsidised exports were flooding the market.\n\nChina's commerce ministry said it "
        "firmly opposed the move and would take anti-dumping measures to protect its companies. Trade "
        "between the two economies fell 8 percent last year.",
        "en",
    ),
    "energy": (
        "Petronas, syarikat Jepun meterai MoU bekalan LNG jangka panjang",
        "KUALA LUMPUR: Petronas memeterai memorandum persefahaman dengan sebuah syarikat tenaga Jepun bagi "
        "bekalan gas asli cecair (LNG) sebanyak dua juta tan setahun bermula 2027.\n\nPerjanjian itu turut "
        "meliputi kerjasama dalam penangkapan karbon di lapangan minyak dan gas luar pesisir Sarawak.",
        "ms",
    ),
    "fisheries": (
        "Bakamla Tangkap Dua Kapal Ikan Vietnam di Laut Natuna Utara",
        "NATUNA — Badan Keamanan Laut menangkap dua kapal ikan berbendera Vietnam yang mencuri ikan di "
        "perairan Natuna Utara, Kamis.\n\nSebanyak 24 nelayan asing diamankan beserta lima ton ikan hasil "
        "tangkapan. Kapal-kapal itu dibawa ke pangkalan untuk proses hukum.",
        "id",
    ),
    "border": (
        "中印边境对峙持续 双方举行第21轮军长级会谈",
        "中印两国边防部队在边界西段的对峙仍在持续。双方近日举行第21轮军长级会谈，就脱离接触问题交换意见。\n\n"
        "中方表示，维护边境地区和平稳定符合两国共同利益，印方应停止越线行为，尊重中国领土主权。",
        "zh",
    ),
    "tech_business": (
        "Samsung launches Galaxy phone with on-device AI, priced from $899",
        "SEOUL — Samsung Electronics on Wednesday launched its new Galaxy smartphone with on-device AI "
        "features such as live translation and photo editing, priced from $899.\n\nThe company said "
        "it expects "
        "sales to beat last year's model. Its shares rose 2 percent after the launch as analysts raised "
        "their earnings forecasts for the quarter.",
        "en",
    ),
    "entertainment": (
        "블랙핑크, 자카르타 콘서트 전석 매진…팬 7만명 몰려",
        "그룹 블랙핑크가 인도네시아 자카르타에서 열린 월드투어 콘서트를 전석 매진시키며 7만 명의 팬을 "
        "모았다.\n\n소속사는 이번 공연의 티켓이 판매 시작 10분 만에 모두 팔렸다고 밝혔다. 멤버들은 다음 달 "
        "앨범 컴백을 앞두고 있다.",
        "ko",
    ),
    "opinion": (
        "Opini: Mengapa Kita Harus Berhenti Takut pada Kecerdasan Buatan",
        "Oleh seorang dosen ilmu komputer\n\nSetiap kali teknologi baru datang, kita selalu takut. Menurut "
        "saya, kecerdasan buatan tidak berbeda. Yang kita perlukan bukan larangan, melainkan literasi.\n\n"
        "Penulis adalah pengajar di sebuah universitas swasta di Yogyakarta.",
        "id",
    ),
    "company_name": (
        "Bank of China Catat Laba Bersih Naik 5 Persen pada Kuartal III",
        "JAKARTA — Bank of China cabang Jakarta mencatat laba bersih naik 5 persen pada kuartal ketiga, "
        "didorong penyaluran kredit korporasi.\n\nManajemen bank menyebut pendapatan bunga tumbuh seiring "
        "meningkatnya permintaan pinjaman dari nasabah. Saham induknya di bursa Hong Kong naik tipis.",
        "id",
    ),
}

IN_SCOPE = {
    # A K-pop concert, but the news is a culture ministries' MoU signed at it.
    "culture_mou_at_a_concert": (
        "Indonesia-Korsel Teken MoU Pertukaran Budaya di Sela Konser K-Pop Jakarta",
        "JAKARTA — Kementerian Kebudayaan Indonesia dan Kementerian Kebudayaan, Olahraga, dan "
        "Pariwisata Korea "
        "Selatan menandatangani nota kesepahaman pertukaran budaya dan industri kreatif di Jakarta, "
        "Sabtu.\n\n"
        "Penandatanganan itu digelar di sela konser persahabatan K-Pop yang dihadiri ribuan "
        "penonton. Kerja sama "
        "meliputi pertukaran seniman, residensi film, dan pelatihan animasi berbasis AI.",
        "id",
    ),
    # A phone maker, but the news is its AI-talent programme with a ministry.
    "company_with_a_ministry": (
        "Ministry, Microsoft launch AI talent programme for 100,000 Indonesian students",
        "JAKARTA — Indonesia's Ministry of Communication and Digital Affairs and Microsoft on "
        "Thursday signed "
        "an agreement to train 100,000 students and civil servants in artificial intelligence skills "
        "over two "
        "years.\n\nThe programme will run with 20 universities, the ministry said, and include courses on "
        "responsible AI and data governance.",
        "en",
    ),
    # A museum show, but organised with a foreign state body.
    "museum_with_an_embassy": (
        "Muzium Negara, Kedutaan Jepun anjur pameran warisan digital dengan teknologi AI",
        "KUALA LUMPUR: Muzium Negara dengan kerjasama Kedutaan Besar Jepun menganjurkan pameran warisan "
        "budaya digital yang menggunakan teknologi kecerdasan buatan (AI) mulai hari ini.\n\nPameran itu "
        "sebahagian daripada program pertukaran budaya Malaysia-Jepun sempena 70 tahun hubungan diplomatik.",
        "ms",
    ),
    # Deepfakes and an election: the state acts on online content.
    "deepfake_rule_before_an_election": (
        "Komdigi Panggil Platform soal Video Deepfake Calon Kepala Daerah",
        "JAKARTA — Kementerian Komunikasi dan Digital memanggil perwakilan tiga platform media sosial untuk "
        "menurunkan video deepfake yang menyerupai calon kepala daerah menjelang pilkada.\n\nKementerian "
        "meminta platform memasang label pada konten buatan AI dan menyiapkan sanksi bagi yang lalai.",
        "id",
    ),
    # Chinese: a forum between China and ASEAN on AI and culture.
    "zh_forum": (
        "中国—东盟人工智能与文化交流论坛在南宁开幕",
        "新华社南宁电 中国—东盟人工智能与文化交流论坛8日在南宁开幕，来自东盟十国的文化部门官员和企业代表"
        "参加。\n\n双方签署了数字文化合作协议，将在文物数字化、动漫和语言人工智能等领域开展合作。",
        "zh",
    ),
    # Korean: a university and an entertainment agency on AI avatars (one country, AI for culture).
    "ko_ai_for_culture": (
        "하이브·KAIST, AI 가상 아이돌 공동 연구 협약 체결",
        "하이브와 KAIST가 인공지능 기반 가상 아이돌과 음성 합성 기술을 공동 연구하는 업무협약을 체결했다고 "
        "10일 밝혔다.\n\n양측은 공동 연구센터를 설립해 K팝 콘텐츠 제작에 생성형 AI를 활용하는 방안을 연구할 "
        "계획이다.",
        "ko",
    ),
}
